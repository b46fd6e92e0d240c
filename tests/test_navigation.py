"""The navigation tree drawn once per folder is Furo's own, byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import furo
import pytest
from conftest import REPO, ROOTS, soup, sphinx_build

NESTED_PAGES = 8  # every document of the nested root, the orphan included


def build_pages(make_app: Callable, srcdir: Path, *, cached: bool) -> tuple[dict, int]:
    """Every HTML page of a build, and how many times Furo drew a navigation tree itself."""
    drawn: list[str] = []
    real = furo.get_navigation_tree

    def counting(html: str) -> str:
        drawn.append(html)
        return real(html)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(furo, "get_navigation_tree", counting)
        app = make_app(
            "html",
            srcdir=srcdir,
            confoverrides={"icjc_navigation_cache": cached},
            status=StringIO(),
            warning=StringIO(),
        )
        app.build()
    outdir = Path(app.outdir)
    pages = {str(path.relative_to(outdir)): path.read_bytes() for path in outdir.rglob("*.html")}
    return pages, sum(1 for html in drawn if html)


def test_nested_site_is_identical_with_and_without_the_cache(make_app, tmp_path):
    builds = {}
    for cached in (False, True):
        srcdir = shutil.copytree(ROOTS / "test-navigation", tmp_path / f"cached-{cached}")
        builds[cached] = build_pages(make_app, srcdir, cached=cached)
    (furo_pages, furo_drawn), (cached_pages, cached_drawn) = builds[False], builds[True]
    assert sorted(cached_pages) == sorted(furo_pages)
    for name, html in furo_pages.items():
        assert cached_pages[name] == html, f"{name} differs"
    assert furo_drawn == NESTED_PAGES + 2  # and genindex and search
    assert cached_drawn == 2  # only genindex and search are left to Furo


def test_the_nested_site_exercises_every_mark(make_app, tmp_path):
    srcdir = shutil.copytree(ROOTS / "test-navigation", tmp_path / "nested")
    make_app("html", srcdir=srcdir, status=StringIO(), warning=StringIO()).build()
    leaf = soup(srcdir / "_build" / "html" / "guide" / "deep" / "leaf.html")
    tree = leaf.select_one(".sidebar-tree")
    assert [a.get_text() for a in tree.select("li.current > a")] == ["Guide", "Deep", "Leaf"]
    assert tree.select_one("li.current-page > a")["href"] == "#"
    assert len(tree.select("input.toctree-checkbox[checked]")) == 2
    assert tree.select_one('a[href="../../about.html"]').get_text() == "About & contact"
    one = soup(srcdir / "_build" / "html" / "guide" / "one.html").select_one(".sidebar-tree")
    assert [a.get_text() for a in one.select("li.current-page > a")] == ["Quick start"]
    assert len(one.select('a[href="#"]')) == 2  # listed twice: both links point here


def test_the_site_is_identical_with_and_without_the_cache(site, tmp_path):
    result = sphinx_build(REPO, tmp_path / "html", "-E", "-D", "icjc_navigation_cache=0")
    assert result.returncode == 0, result.stderr
    for page in (tmp_path / "html").rglob("*.html"):
        relative = page.relative_to(tmp_path / "html")
        assert (site.outdir / relative).read_bytes() == page.read_bytes(), relative
