"""Furo's navigation tree, drawn once per folder instead of once per page.

For every page, Furo renders Sphinx's whole toctree for that page and re-parses it with
BeautifulSoup to add its expand buttons: the cost grows with the square of the number of
pages, and at 200 pages it is most of the build. Yet the tree differs from page to page
only in its links, which are relative to the page's folder, and in the "current" marks
on the page's branch. So this extension has Furo draw the tree once per folder, with a
numbered marker class on every list, item and link; each page then gets a copy in which
the markers on its branch become Furo's marks and the others disappear.

The result must be the bytes Furo alone writes. What that relies on in Furo is listed in
``icjc_furo_contract``, and it is checked three ways: on a small tree when the build
starts, on the structure of each folder's tree, and on real pages, where Furo draws the
tree itself for the first page of each folder and for the first page that uses each kind
of mark, and the two drawings are compared. When a check fails, Furo draws every page
from then on, and the build says so once. A page whose ``toctree()`` helper was replaced
by another extension (sphinx-notfound-page does this for a written 404 page) is left to
Furo too, as are generated pages (search, index), other builders, and sites where a
document sets ``tocdepth``.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any, cast

import icjc_furo_contract as furo_contract
from icjc_navigation_tree import (
    FolderTree,
    FuroContractBroken,
    PageMarks,
    check_furo_markup,
    draw_folder_tree,
)
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

logger = logging.getLogger(__name__)

_SET_ASIDE_TOCTREE = "icjc_navigation_toctree"
#: Before every other handler: the ``toctree()`` helper seen here is the one Sphinx made.
_FIRST = -1_000_000
_BEFORE_FURO = furo_contract.FURO_PRIORITY - 50
_AFTER_FURO = furo_contract.FURO_PRIORITY + 50


class FolderNavigation:
    """Hands Furo no ``toctree`` for the pages it covers, then fills in their tree."""

    def __init__(self) -> None:
        self.active = False
        self.folders: dict[str, FolderTree | None] = {}
        self.checked_folders: set[str] = set()
        self.checked_marks: PageMarks = frozenset()
        self.page_being_checked: str | None = None
        self.toctree_from_sphinx: object = None
        self.noted_other_toctree = False

    def start(self, app: Sphinx) -> None:
        self.active = (
            app.config.icjc_navigation_cache
            and app.builder.name == "html"
            and "furo" in app.extensions
        )
        if self.active:
            try:
                check_furo_markup()
            except FuroContractBroken as broken:
                self.give_up(str(broken))

    def reset(self, app: Sphinx, builder: Builder) -> None:
        self.folders.clear()
        self.checked_folders.clear()
        self.checked_marks = frozenset()

    def give_up(self, reason: str) -> None:
        self.active = False
        logger.info(
            "Navigation: Furo's navigation is not what icjc_navigation expects (%s); "
            "Furo draws every page's navigation itself (same pages, slower build).",
            reason,
        )

    def note_other_toctree(self, pagename: str) -> None:
        """Say once per build that pages with another extension's ``toctree()`` get Furo's."""
        if not self.noted_other_toctree:
            self.noted_other_toctree = True
            logger.info(
                "Navigation: another extension draws the navigation of %s; "
                "Furo's own navigation is used on such pages.",
                pagename,
            )

    def folder_tree(self, app: Sphinx, pagename: str) -> FolderTree | None:
        folder = posixpath.dirname(app.builder.get_target_uri(pagename))
        if folder not in self.folders:
            builder = cast("StandaloneHTMLBuilder", app.builder)  # checked in start()
            self.folders[folder] = draw_folder_tree(builder, folder)
        return self.folders[folder]

    def remember_sphinx_toctree(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        self.toctree_from_sphinx = context.get("toctree")

    def before_furo(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        self.page_being_checked = None
        if not self.active or pagename not in app.env.all_docs or "toctree" not in context:
            return
        if context["toctree"] is not self.toctree_from_sphinx:
            self.note_other_toctree(pagename)
            return
        try:
            folder_tree = self.folder_tree(app, pagename)
        except FuroContractBroken as broken:
            self.give_up(str(broken))
            return
        if folder_tree is None:
            return
        folder = posixpath.dirname(app.builder.get_target_uri(pagename))
        marks = folder_tree.marks_of(pagename)
        if folder not in self.checked_folders or not marks <= self.checked_marks:
            self.page_being_checked = pagename  # Furo draws it; compared after Furo's handler
            return
        context[_SET_ASIDE_TOCTREE] = context.pop("toctree")

    def after_furo(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if self.page_being_checked == pagename:
            self.check_page(app, pagename, context)
        elif _SET_ASIDE_TOCTREE in context:
            toctree = context.pop(_SET_ASIDE_TOCTREE)
            if "toctree" in context:  # set by a handler after ours: Furo used that one
                self.note_other_toctree(pagename)
                return
            context["toctree"] = toctree
            folder_tree = self.folder_tree(app, pagename)
            assert folder_tree is not None
            context[furo_contract.NAVIGATION_TREE] = folder_tree.for_page(pagename)

    def check_page(self, app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
        self.page_being_checked = None
        folder_tree = self.folder_tree(app, pagename)
        assert folder_tree is not None
        if context.get(furo_contract.NAVIGATION_TREE) != folder_tree.for_page(pagename):
            self.give_up(f"its tree for {pagename} differs from the one drawn once per folder")
            return
        self.checked_folders.add(posixpath.dirname(app.builder.get_target_uri(pagename)))
        self.checked_marks |= folder_tree.marks_of(pagename)


def setup(app: Sphinx) -> dict[str, Any]:
    # The switch the benchmark uses to time Furo's own navigation on the same site.
    app.add_config_value("icjc_navigation_cache", True, "", types=frozenset({bool}))
    navigation = FolderNavigation()
    app.connect("builder-inited", navigation.start)
    app.connect("write-started", navigation.reset)
    app.connect("html-page-context", navigation.remember_sphinx_toctree, priority=_FIRST)
    app.connect("html-page-context", navigation.before_furo, priority=_BEFORE_FURO)
    app.connect("html-page-context", navigation.after_furo, priority=_AFTER_FURO)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
