"""The navigation tree drawn once per folder is Furo's own, byte for byte, or Furo draws it.

Every case builds a root with the extension, then again with ``icjc_navigation`` removed
from the extension list (Furo alone), and compares every HTML page.
"""

from __future__ import annotations

import re
import sys
from io import StringIO
from pathlib import Path

import furo
import furo.navigation
import pytest
from bs4 import BeautifulSoup
from conftest import soup
from sphinx.testing.util import SphinxTestApp

NESTED_PAGES = 8  # every document of the nested root, the orphan included
NOTE = "Navigation: "


def html_pages(outdir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(outdir)): path.read_bytes() for path in outdir.rglob("*.html")}


def furo_alone(make_app, app: SphinxTestApp, tmp_path: Path) -> dict[str, bytes]:
    """Every HTML page of the same root built with ``icjc_navigation`` left out."""
    extensions = [name for name in app.config.extensions if name != "icjc_navigation"]
    alone = make_app(
        "html",
        srcdir=app.srcdir,
        builddir=tmp_path / "furo-alone",
        confoverrides={"extensions": extensions},
        status=StringIO(),
        warning=StringIO(),
    )
    alone.build()
    return html_pages(Path(alone.outdir))


def assert_same_pages(pages: dict[str, bytes], furo_pages: dict[str, bytes]) -> None:
    assert sorted(pages) == sorted(furo_pages)
    for name, html in furo_pages.items():
        assert pages[name] == html, f"{name} differs from Furo's own"


@pytest.fixture
def furo_drawings(monkeypatch) -> list[str]:
    """The trees Furo's page handler draws itself (not the ones drawn once per folder)."""
    drawn: list[str] = []
    real = furo.get_navigation_tree

    def counting(html: str) -> str:
        if html:
            drawn.append(html)
        return real(html)

    monkeypatch.setattr(furo, "get_navigation_tree", counting)
    return drawn


@pytest.mark.sphinx("html", testroot="navigation", srcdir="navigation-same", freshenv=True)
def test_nested_site_equals_furo_alone(app, status, warning, make_app, tmp_path, furo_drawings):
    app.build()
    drawn_with_extension = len(furo_drawings)
    assert_same_pages(html_pages(Path(app.outdir)), furo_alone(make_app, app, tmp_path))
    assert NOTE not in status.getvalue()
    assert not warning.getvalue()
    assert len(furo_drawings) - drawn_with_extension == NESTED_PAGES + 2  # genindex, search
    # Furo draws only genindex, search, and in each of the three folders the first page,
    # which checks the folder's cut tree (here those pages use every kind of mark).
    assert drawn_with_extension == 2 + 3


@pytest.mark.sphinx("html", testroot="navigation", srcdir="navigation-marks", freshenv=True)
def test_the_nested_site_exercises_every_mark(app):
    app.build()
    outdir = Path(app.outdir)
    tree = soup(outdir / "guide" / "deep" / "leaf.html").select_one(".sidebar-tree")
    assert [a.get_text() for a in tree.select("li.current > a")] == ["Guide", "Deep", "Leaf"]
    assert tree.select_one("li.current-page > a")["href"] == "#"
    assert len(tree.select("input.toctree-checkbox[checked]")) == 2
    assert tree.select_one('a[href="../../about.html"]').get_text() == "About & contact"
    one = soup(outdir / "guide" / "one.html").select_one(".sidebar-tree")
    assert [a.get_text() for a in one.select("li.current-page > a")] == ["Quick start"]
    assert len(one.select('a[href="#"]')) == 2  # listed twice: both links point here


def renamed_markup(html: str) -> str:
    """Furo's tree with other class and id names for its checkboxes and current page."""
    html = html.replace("toctree-checkbox", "nav-toggle").replace("current-page", "is-here")
    return html.replace("has-children", "with-children")


def extra_attribute_on_open_items(html: str) -> str:
    """Furo's tree with an attribute added to expanded checkboxes only."""
    return html.replace(' checked=""', ' checked="" data-open=""')


def reordered_attributes(html: str) -> str:
    """Furo's tree with ``href`` before ``class`` on every link."""
    return re.sub(r'<a class="([^"]*)" href="([^"]*)"', r'<a href="\2" class="\1"', html)


@pytest.fixture(params=[renamed_markup, extra_attribute_on_open_items, reordered_attributes])
def changed_furo(request, monkeypatch):
    """A simulated Furo release whose navigation markup differs from the one known here."""
    real = furo.navigation.get_navigation_tree

    def changed(html: str) -> str:
        return request.param(real(html))

    monkeypatch.setattr(furo, "get_navigation_tree", changed)
    monkeypatch.setattr(furo.navigation, "get_navigation_tree", changed)
    return request.param


@pytest.mark.sphinx("html", testroot="navigation", srcdir="navigation-changed", freshenv=True)
def test_a_changed_furo_gets_furo_s_own_navigation(
    changed_furo, app, status, warning, make_app, tmp_path
):
    app.build()
    pages = html_pages(Path(app.outdir))
    assert_same_pages(pages, furo_alone(make_app, app, tmp_path))
    assert status.getvalue().count(NOTE) == 1
    assert "Furo draws every page's navigation itself" in status.getvalue()
    assert not warning.getvalue()
    if changed_furo is renamed_markup:  # the change really reached the pages
        assert b"nav-toggle" in pages["guide/deep/leaf.html"]


@pytest.mark.sphinx("html", testroot="navigation-404", freshenv=True)
def test_a_written_404_page_gets_furo_s_own_navigation(app, status, warning, make_app, tmp_path):
    app.build()
    pages = html_pages(Path(app.outdir))
    assert_same_pages(pages, furo_alone(make_app, app, tmp_path))
    tree = BeautifulSoup(pages["404.html"], "html.parser").select_one(".sidebar-tree")
    assert all(a["href"].startswith("/") for a in tree.select("a.reference.internal"))
    assert status.getvalue().count(NOTE) == 1
    assert "another extension draws the navigation of 404" in status.getvalue()
    assert not warning.getvalue()


@pytest.fixture
def furo_without_navigation_module(monkeypatch):
    """A Furo release whose ``furo.navigation`` module is gone (Furo itself still works)."""
    monkeypatch.delattr(furo, "navigation")
    monkeypatch.setitem(sys.modules, "furo.navigation", None)


@pytest.mark.sphinx("html", testroot="navigation", srcdir="navigation-no-module", freshenv=True)
def test_without_furo_s_navigation_module_furo_draws_the_tree(
    furo_without_navigation_module, app, status, warning, make_app, tmp_path
):
    app.build()
    assert_same_pages(html_pages(Path(app.outdir)), furo_alone(make_app, app, tmp_path))
    assert status.getvalue().count(NOTE) == 1
    assert "get_navigation_tree is gone" in status.getvalue()
    assert not warning.getvalue()
