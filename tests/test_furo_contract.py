"""The site's sidebar list is checked when the build starts; a missing template gives Furo's."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import soup
from icjc_furo_contract import HTML_SIDEBARS, SIDEBARS

NOTE = "Sidebar: the theme has no sidebar/renamed.html; pages get Furo's own sidebar."


@pytest.mark.sphinx("html", testroot="sidebar", freshenv=True)
def test_the_listed_sidebar_is_drawn(app, status, warning):
    app.build()
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one(".sidebar-tree") is not None  # Furo's navigation
    assert page.select_one(".sidebar-scroll") is not None
    assert app.config.html_sidebars == HTML_SIDEBARS
    assert "Sidebar:" not in status.getvalue()
    assert not warning.getvalue()


@pytest.mark.sphinx(
    "html",
    testroot="sidebar",
    srcdir="sidebar-renamed",
    freshenv=True,
    confoverrides={"html_sidebars": {"**": [*SIDEBARS[:-1], "sidebar/renamed.html"]}},
)
def test_a_template_the_theme_lacks_gives_furo_s_own_sidebar(app, status, warning):
    app.build()
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one(".sidebar-tree") is not None
    assert app.config.html_sidebars == {}  # Furo's own, from its theme settings
    assert status.getvalue().count("Sidebar: ") == 1
    assert NOTE in status.getvalue()
    assert not warning.getvalue()
