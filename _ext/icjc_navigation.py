"""Furo's navigation tree, drawn once per folder instead of once per page.

For every page, Furo renders Sphinx's whole toctree for that page and re-parses it with
BeautifulSoup to add its expand buttons: the cost grows with the square of the number of
pages, and at 200 pages it is most of the build. Yet the tree differs from page to page
only in its links, which are relative to the page's folder, and in the "current" marks
on the page's branch. So this extension has Furo draw the tree once per folder, with a
numbered marker class on every list, item and link; each page then gets a copy in which
the markers on its branch become Furo's marks and the others disappear. The result is
the same bytes as Furo's own, which the tests check page by page.

Pages this does not cover (generated pages such as search or 404, other builders, and
documents with a ``tocdepth``) keep Furo's own computation.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from furo.navigation import get_navigation_tree
from sphinx.environment.adapters.toctree import global_toctree_for_doc

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

MARKER = "icjc-nav-"
#: A marked class attribute, and the link target that follows it on an ``<a>``.
_MARKED = re.compile(r' class="([^"]*?)icjc-nav-(\d+)([^"]*)"(?: href="([^"]*)")?')
_ITEM_OR_CHECKBOX = re.compile(r'<li class="[^"]*?icjc-nav-(\d+)|id="toctree-checkbox-(\d+)"')
_CHECKBOX = re.compile(r'(?= class="toctree-checkbox" id="toctree-checkbox-(\d+)")')
#: The name of a document that does not exist: a tree drawn for it marks no page.
_NO_PAGE = "icjc-navigation-no-page"
_STASHED_TOCTREE = "icjc_navigation_toctree"


@dataclass
class FolderTree:
    """Furo's tree with markers, for the pages of one folder, and where each page sits."""

    html: str
    items: set[int] = field(default_factory=set)  # markers of <li> elements
    branches: dict[str, set[int]] = field(default_factory=dict)  # docname: markers to mark
    links: dict[int, tuple[str, str]] = field(default_factory=dict)  # marker: docname, anchor
    checkboxes: dict[int, int] = field(default_factory=dict)  # <li> marker: checkbox number

    def for_page(self, docname: str) -> str:
        branch = self.branches.get(docname, set())
        current_page = max(branch & self.items, default=None)

        def unmark(match: re.Match[str]) -> str:
            before, number, after, href = match[1], int(match[2]), match[3], match[4]
            classes = before + ("current" if number in branch else "") + after
            if number == current_page:
                classes += " current-page"
            classes = " ".join(classes.split())
            html = f' class="{classes}"' if classes else ""
            if href is not None:
                target, anchor = self.links.get(number, ("", ""))
                html += f' href="{anchor or "#"}"' if target == docname else f' href="{href}"'
            return html

        html = _MARKED.sub(unmark, self.html)
        checked = {self.checkboxes[item] for item in branch if item in self.checkboxes}
        if checked:
            html = _CHECKBOX.sub(lambda m: ' checked=""' if int(m[1]) in checked else "", html)
        return html


def draw_folder_tree(builder: StandaloneHTMLBuilder, folder: str) -> FolderTree | None:
    """Furo's tree as seen from a page in ``folder``, marked; None if it cannot be cached."""
    env = builder.env
    if any("tocdepth" in metadata for metadata in env.metadata.values()):
        return None  # Sphinx then draws the current page's ancestors differently
    no_page = posixpath.join(folder, _NO_PAGE)
    # The arguments Furo passes to the ``toctree()`` template function.
    tree = global_toctree_for_doc(
        env,
        no_page,
        builder,
        tags=builder.tags,
        collapse=False,
        titles_only=True,
        maxdepth=-1,
        includehidden=True,
    )
    if tree is None:
        return FolderTree(html="")
    docname_of = {builder.get_relative_uri(no_page, name): name for name in env.all_docs}
    marked = list(_marked_nodes(tree))
    folder_tree = FolderTree(html="")
    for number, node in enumerate(marked):
        node["classes"].append(f"{MARKER}{number}")
        if isinstance(node, nodes.list_item):
            folder_tree.items.add(number)
    numbers = {id(node): number for number, node in enumerate(marked)}
    for number, node in enumerate(marked):
        if not isinstance(node, nodes.reference) or not node.get("internal"):
            continue
        anchor = node.get("anchorname", "")
        docname = docname_of.get(node["refuri"].removesuffix(anchor) if anchor else node["refuri"])
        if docname is None:
            return None  # a link this module cannot place (e.g. the index): leave it to Furo
        folder_tree.links[number] = (docname, anchor)
        if not anchor:
            branch = folder_tree.branches.setdefault(docname, set())
            ancestor: nodes.Node | None = node
            while ancestor is not None:
                if id(ancestor) in numbers:
                    branch.add(numbers[id(ancestor)])
                ancestor = ancestor.parent
    html = get_navigation_tree(builder.render_partial(tree)["fragment"])
    if len(_MARKED.findall(html)) != len(marked):
        return None  # the page text itself looks like a marker
    folder_tree.html = html
    item = None
    for match in _ITEM_OR_CHECKBOX.finditer(html):
        if match[1] is not None:
            item = int(match[1])
        elif item is not None:
            folder_tree.checkboxes[item] = int(match[2])
    return folder_tree


def _marked_nodes(tree: nodes.Element) -> Iterator[nodes.Element]:
    """Lists, items and links, in document order (the order of their start tags)."""
    for node in tree.findall(nodes.Element):
        if isinstance(node, nodes.bullet_list | nodes.list_item | nodes.reference):
            yield node


class CachedNavigation:
    """Hands Furo no ``toctree`` for the pages it covers, then fills in their tree."""

    def __init__(self) -> None:
        self.folders: dict[str, FolderTree | None] = {}

    def reset(self, app: Sphinx, builder: Builder) -> None:
        self.folders.clear()

    def covers(self, app: Sphinx, pagename: str) -> bool:
        return (
            app.config.icjc_navigation_cache
            and app.builder.name == "html"
            and pagename in app.env.all_docs
            and self.folder_tree(app, pagename) is not None
        )

    def folder_tree(self, app: Sphinx, pagename: str) -> FolderTree | None:
        folder = posixpath.dirname(app.builder.get_target_uri(pagename))
        if folder not in self.folders:
            self.folders[folder] = draw_folder_tree(app.builder, folder)
        return self.folders[folder]

    def before_furo(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if "toctree" in context and self.covers(app, pagename):
            context[_STASHED_TOCTREE] = context.pop("toctree")

    def after_furo(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if _STASHED_TOCTREE in context:
            context["toctree"] = context.pop(_STASHED_TOCTREE)
            folder_tree = self.folder_tree(app, pagename)
            assert folder_tree is not None
            context["furo_navigation_tree"] = folder_tree.for_page(pagename)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("icjc_navigation_cache", True, "", types=frozenset({bool}))
    navigation = CachedNavigation()
    app.connect("write-started", navigation.reset)
    # Furo computes its tree at the default priority, 500.
    app.connect("html-page-context", navigation.before_furo, priority=450)
    app.connect("html-page-context", navigation.after_furo, priority=550)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
