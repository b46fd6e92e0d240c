"""The source tree check reads what the build reads, links and all, and nothing else: folders
kept out of the pages but copied or read (``_static``, templates, catalogs) are checked,
tooling kept out is not, and the walk stops at its bound with one message."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from conftest import ROOTS, copy_members
from icjc.safety import source_tree
from sphinx.testing.util import _clean_up_global_state
from sphinx.util.console import strip_escape_sequences


def start(make_app, site: Path, **overrides) -> str:
    """Start a build; what it printed if it stopped, or "" if it went on."""
    warning = StringIO()
    try:
        make_app("html", srcdir=site, warning=warning, status=StringIO(), confoverrides=overrides)
    except SystemExit as stop:
        assert stop.code == 1
        return strip_escape_sequences(warning.getvalue())
    finally:
        _clean_up_global_state()
    return ""


@pytest.fixture
def site(tmp_path) -> Path:
    site = Path(shutil.copytree(ROOTS / "test-hostile", tmp_path / "site"))
    copy_members(site)
    return site


def test_a_folder_kept_out_of_the_pages_but_copied_is_checked(make_app, site):
    (site / "_static" / "env.txt").symlink_to("/proc/self/environ")
    printed = start(make_app, site, exclude_patterns=["_build", "_static"])
    assert printed.startswith("_static/env.txt:1: ERROR: a symbolic link"), printed


def test_links_in_tooling_kept_out_are_not_read_nor_reported(make_app, site):
    for folder in (".venv", "tests"):
        (site / folder).mkdir()
        (site / folder / "lib64").symlink_to("/")
    assert start(make_app, site, exclude_patterns=["_build", "tests", ".*"]) == ""


def test_a_link_sphinx_would_follow_is_reported_wherever_it_is(make_app, site):
    """Sphinx walks every folder ``exclude_patterns`` does not name, hidden ones too."""
    (site / ".venv").mkdir()
    (site / ".venv" / "lib64").symlink_to("/")
    printed = start(make_app, site)
    assert printed.startswith(".venv/lib64:1: ERROR: a symbolic link"), printed


def test_the_walk_stops_at_its_bound(make_app, site, monkeypatch):
    monkeypatch.setattr(source_tree, "MAX_ENTRIES", 20)
    for number in range(30):
        (site / f"note-{number}.txt").write_text("x", encoding="utf-8")
    printed = start(make_app, site)
    assert printed.count("ERROR") == 1, printed
    assert printed.startswith(".:1: ERROR: more than 20 files"), printed
