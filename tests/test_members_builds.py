"""Incremental and parallel builds stay correct when members/members.yaml changes."""

from __future__ import annotations

import pytest
from conftest import copy_root, soup, sphinx_build

CONTENT_PAGES = ("index", "members/index")


@pytest.fixture
def project(tmp_path):
    srcdir = copy_root("members-urls", tmp_path / "src")
    return srcdir


def build(srcdir, outdir, *options):
    result = sphinx_build(
        srcdir, outdir, "-W", "-n", "-d", str(outdir.parent / "doctrees"), *options
    )
    assert result.returncode == 0, result.stderr
    return result


def sidebar_names(page):
    return [name.get_text() for name in page.select(".sidebar-members .sidebar-member-name")]


def test_a_rebuild_with_no_change_writes_no_content_page(project, tmp_path):
    outdir = tmp_path / "html"
    build(project, outdir)
    stamps = {name: (outdir / f"{name}.html").stat().st_mtime_ns for name in CONTENT_PAGES}
    result = build(project, outdir)
    assert "no targets are out of date" in result.stdout
    assert stamps == {name: (outdir / f"{name}.html").stat().st_mtime_ns for name in CONTENT_PAGES}


def test_editing_members_updates_the_cards_and_every_sidebar(project, tmp_path):
    outdir = tmp_path / "html"
    build(project, outdir)
    members = project / "members" / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8")
        .replace("Second Organisation", "Renamed Organisation")
        .replace("https://two.example.org/", ""),
        encoding="utf-8",
    )
    result = build(project, outdir)
    assert "-E" not in result.args
    for name in (*CONTENT_PAGES, "search", "genindex"):
        page = soup(outdir / f"{name}.html")
        assert sidebar_names(page) == ["First Organisation", "Renamed Organisation"], name
        assert len(page.select(".sidebar-members a")) == 1, name
    cards = soup(outdir / "members/index.html").select(".icjc-member-card")
    assert [card.select_one(".icjc-member-name").get_text() for card in cards] == [
        "First Organisation",
        "Renamed Organisation",
    ]
    assert [len(card.select("a")) for card in cards] == [1, 0]


def test_parallel_output_is_identical_to_serial(project, tmp_path):
    serial, parallel = tmp_path / "serial" / "html", tmp_path / "parallel" / "html"
    build(project, serial)
    build(project, parallel, "-j", "2")
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    for relative in files:
        assert (serial / relative).read_bytes() == (parallel / relative).read_bytes(), relative
