"""The site's sidebar list is checked when the build starts; a missing template gives Furo's."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from conftest import copy_root, soup
from icjc.pages import SIDEBARS

NOTE = "Sidebar: the theme has no sidebar/renamed.html; pages get Furo's own sidebar."


def test_the_listed_sidebar_is_drawn(make_app, tmp_path):
    status, warning = StringIO(), StringIO()
    app = make_app(
        "html", srcdir=copy_root("sidebar", tmp_path / "s"), status=status, warning=warning
    )
    app.build()
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one(".sidebar-tree") is not None  # Furo's navigation
    assert page.select_one(".sidebar-scroll") is not None
    assert "Sidebar:" not in status.getvalue()
    assert not warning.getvalue()


def test_a_template_the_theme_lacks_gives_furo_s_own_sidebar(make_app, tmp_path):
    status, warning = StringIO(), StringIO()
    app = make_app(
        "html",
        srcdir=copy_root("sidebar", tmp_path / "s"),
        status=status,
        warning=warning,
        confoverrides={"html_sidebars": {"**": [*SIDEBARS[:-1], "sidebar/renamed.html"]}},
    )
    app.build()
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one(".sidebar-tree") is not None
    assert app.config.html_sidebars == {}  # Furo's own, from its theme settings
    assert status.getvalue().count("Sidebar: ") == 1
    assert NOTE in status.getvalue()
    assert not warning.getvalue()
