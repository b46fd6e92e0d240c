"""Contributors stay green: CONTRIBUTING's recipes, built as ``make html`` builds them.

``edited_site`` (in conftest) is a copy of the repository, built, edited with every recipe
of CONTRIBUTING.md and built again; the site tests run on it too. Here: CONTRIBUTING still
shows the recipes' lines, and the new pages are in every page's navigation.
"""

from __future__ import annotations

import contributor_edits as edits
import pytest
from conftest import REPO, html_pages
from test_site import sidebar_targets

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        edits.TOP_LEVEL_TOCTREE_LINE,
        edits.FOLDER_TOCTREE_LINE,
        "```{toctree}",
        f"url: {edits.NEW_WEBSITE}",
        *edits.NEW_MEMBER.strip().splitlines(),
    ],
)
def test_contributing_shows_each_line_the_recipes_write(line):
    assert line.strip() in CONTRIBUTING


def test_the_new_pages_are_in_every_page_s_navigation(edited_site):
    for html_path in html_pages(edited_site.srcdir):
        targets = sidebar_targets(edited_site, html_path)
        assert {f"{name}.html" for name in edits.NEW_PAGES} <= set(targets), html_path


def test_the_recipes_build_without_a_warning(edited_site):
    """As ``make html`` (``-W``) requires of a contributor following CONTRIBUTING."""
    assert "WARNING" not in edited_site.warnings
    assert "ERROR" not in edited_site.warnings
