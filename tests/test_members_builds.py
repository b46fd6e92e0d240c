"""Incremental and parallel builds equal clean serial ones when the members or pages change.

What changed is decided by content, so an edit that keeps an old file time (``cp -p``)
counts; a member's card anchor never takes a heading's id.

Builds run in this process on Sphinx's test harness, each as a new run of ``sphinx-build``
starts; the parallel build and the builds that must stop run the command itself, whose
workers and exit status are what is checked.
"""

from __future__ import annotations

import re

import pytest
from conftest import build_site, copy_root, soup, sphinx_build

CONTENT_PAGES = ("index", "members/index")


@pytest.fixture
def project(tmp_path):
    return copy_root("members-urls", tmp_path / "src")


@pytest.fixture
def pages(tmp_path):
    return copy_root("members-pages", tmp_path / "src")


def build(srcdir, outdir):
    """Build ``srcdir`` into ``outdir`` as ``sphinx-build -W -n`` does; return what it printed."""
    built = build_site(srcdir, outdir.parent)
    assert (built.outdir, built.warnings) == (outdir, "")
    return built.status


def files(outdir):
    return {
        path.relative_to(outdir): _comparable(path)
        for path in sorted(outdir.rglob("*"))
        # Sphinx keeps the previous build's settings in .buildinfo.bak when they change.
        if path.is_file() and path.name != ".buildinfo.bak"
    }


def _comparable(path):
    """The file's bytes; Sphinx's incremental search index keeps words a page no longer
    holds as empty lists (``"card":[]``), which find nothing: they are left out."""
    content = path.read_bytes()
    if path.name == "searchindex.js":
        content = re.sub(rb'"[^"]*":\[\],?', b"", content).replace(b",}", b"}")
    return content


def assert_same_site(first, second):
    one, other = files(first), files(second)
    assert sorted(one) == sorted(other)
    for relative, content in one.items():
        assert content == other[relative], relative


def assert_incremental_equals_clean(srcdir, outdir, tmp_path):
    build(srcdir, outdir)
    clean = tmp_path / "clean" / "html"
    build(srcdir, clean)
    assert_same_site(outdir, clean)


def sidebar_names(page):
    return [name.get_text() for name in page.select(".sidebar-members .sidebar-member-name")]


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
    build(project, outdir)  # incremental: the environment of the first build is kept
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


@pytest.mark.parametrize("site", ["members-urls", "members-pages"])
def test_parallel_output_is_identical_to_serial(site, tmp_path):
    srcdir = copy_root(site, tmp_path / "src")
    serial, parallel = tmp_path / "serial" / "html", tmp_path / "parallel" / "html"
    build(srcdir, serial)
    doctrees = str(parallel.parent / "doctrees")
    result = sphinx_build(srcdir, parallel, "-W", "-n", "-d", doctrees, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert_same_site(serial, parallel)


def test_a_deleted_logo_stops_an_incremental_build_as_a_clean_one(pages, tmp_path):
    outdir = tmp_path / "html"
    build(pages, outdir)
    before = files(outdir)
    (pages / "_static" / "logos" / "alpha.svg").unlink()
    result = sphinx_build(pages, outdir, "-W", "-d", str(tmp_path / "doctrees"))
    assert result.returncode == 1
    assert (
        "members/members.yaml:7: ERROR: `logo` `_static/logos/alpha.svg`: the file does not "
        "exist" in result.stderr
    )
    assert files(outdir) == before


def test_a_member_id_that_a_heading_already_gives_is_reported_on_the_members_line(pages, tmp_path):
    page = pages / "a-members.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n## Member Alpha\n\nAbout alpha.\n", encoding="utf-8"
    )
    outdir = tmp_path / "html"
    result = sphinx_build(pages, outdir, "-W", "-d", str(tmp_path / "doctrees"))
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    assert result.returncode == 1
    assert (
        "members/members.yaml:2: ERROR: the id `alpha` gives the anchor #member-alpha, which a "
        "heading or label of a-members.md already has: choose another id [icjc.members]"
    ) in output.splitlines()
    assert "Traceback" not in output


def test_a_broken_link_is_reported_at_its_line_and_nothing_without_a_place(pages, tmp_path):
    """The members are plain data, not a domain: no "has not implemented a
    `resolve_any_xref`" line beside Sphinx's own message for a missing target."""
    page = pages / "b-more.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee {any}`nowhere` and [gone](#nowhere).\n",
        encoding="utf-8",
    )
    result = sphinx_build(pages, tmp_path / "html", "-n", "-d", str(tmp_path / "doctrees"))
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "the broken links should be reported"
    assert all(re.match(r"\S+\.md:\d+: ", line) for line in lines), lines
    assert "resolve_any_xref" not in result.stderr


def test_linkcheck_names_a_member_s_website_that_does_not_answer_at_its_line(project, tmp_path):
    """Each member's website here is on a closed port of this machine: it does not answer."""
    members = project / "members" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    urls = re.findall(r"url: (\S+)", text)
    for number, url in enumerate(urls):
        text = text.replace(url, f"http://127.0.0.1:9/{number}")
    members.write_text(text, encoding="utf-8")
    result = sphinx_build(project, tmp_path / "out", "-b", "linkcheck", "-q")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("- ")]
    reported = re.findall(
        r"^members/members\.yaml:(\d+): WARNING: this member's website", result.stderr, re.M
    )
    assert sorted(map(int, reported)) == lines, result.stderr
