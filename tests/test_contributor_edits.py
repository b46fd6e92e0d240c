"""Contributors stay green: CONTRIBUTING's recipes, rebuilt without cleaning, as clean builds.

``edited_site`` (in conftest) is a copy of the repository, built, edited with every recipe
of CONTRIBUTING.md and built again without cleaning; the site tests run on it too. Here:
CONTRIBUTING still shows the recipes' lines, the new pages are in every page's navigation,
and each incremental build (after the recipes, a retitled, a renamed and a removed page)
writes exactly what a clean build writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import contributor_edits as edits
import pytest
from conftest import REPO, build_site, copy_site, html_pages
from test_site import sidebar_targets

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def search_index(path: Path) -> dict:
    """The search index's data; words no page holds any more are left out.

    Sphinx keeps a word with an empty list after its last page is removed: what a search
    finds is the same.
    """
    data = json.loads(re.search(r"setIndex\((.*)\)", path.read_text(encoding="utf-8")).group(1))
    for key in ("terms", "titleterms"):
        data[key] = {word: pages for word, pages in data[key].items() if pages != []}
    return data


#: sphinx-sitemap lists only the pages an incremental build wrote (its open issue #13).
#: Read the Docs builds from clean, so the published sitemap is whole; a local build with
#: no site address writes none.
KNOWN_TO_DIFFER = "sitemap.xml"


def output_files(outdir: Path) -> list[Path]:
    """What a build wrote; Sphinx's backup of the previous build's settings is left out."""
    return sorted(
        p.relative_to(outdir) for p in outdir.rglob("*") if p.is_file() and p.suffix != ".bak"
    )


def assert_same_output(incremental: Path, clean: Path) -> None:
    files = output_files(clean)
    assert output_files(incremental) == files
    for relative in files:
        if relative.name == KNOWN_TO_DIFFER:
            continue
        if relative.name == "searchindex.js":
            assert search_index(incremental / relative) == search_index(clean / relative)
        else:
            assert (incremental / relative).read_bytes() == (clean / relative).read_bytes(), (
                relative
            )


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


def retitle(srcdir: Path) -> None:
    page = srcdir / f"{edits.TOP_LEVEL_PAGE[0]}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# Events", "# Meetings"), "utf-8")


def rename(srcdir: Path) -> None:
    folder = srcdir / edits.RESOURCES
    (folder / "guide.md").rename(folder / "handbook.md")
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("guide\n", "handbook\n"), "utf-8")


def remove(srcdir: Path) -> None:
    name, _, line = edits.TOP_LEVEL_PAGE
    (srcdir / f"{name}.md").unlink()
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(f"{line}\n", ""), "utf-8")


def test_every_incremental_build_equals_a_clean_one(edited_site, tmp_path):
    """Each recipe on its own (a members edit rewrites every page anyway, so a page added
    alone is what shows the navigation refreshed), then a retitled, a renamed and a
    removed page.

    The recipes' incremental builds are ``edited_site``'s; each is compared with a clean
    build of a copy edited up to the same recipe. The last clean build is where the
    retitled, renamed and removed page are then built incrementally.
    """
    srcdir = copy_site(tmp_path / "src")
    for number, (recipe, incremental) in enumerate(
        zip(edits.RECIPES, edited_site.steps, strict=True)
    ):
        recipe(srcdir)
        assert "WARNING" not in incremental.warnings, recipe.__name__
        last = number == len(edits.RECIPES) - 1
        clean = build_site(srcdir, tmp_path / ("build" if last else f"clean-{number}"))
        assert_same_output(incremental.outdir, clean.outdir)
    for change in (retitle, rename, remove):
        change(srcdir)
        incremental = build_site(srcdir, tmp_path / "build")
        assert "WARNING" not in incremental.warnings, change.__name__
        clean = build_site(srcdir, tmp_path / f"clean-{change.__name__}")
        assert_same_output(incremental.outdir, clean.outdir)
