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
#: A marked class attribute with the link target that follows it on an ``<a>``, or the
#: place in a checkbox where Furo writes ``checked`` for the current branch.
_SLOT = re.compile(
    r' class="(?P<before>[^"]*?)icjc-nav-(?P<number>\d+)(?P<after>[^"]*)"'
    r'(?: href="(?P<href>[^"]*)")?'
    r'|(?= class="toctree-checkbox" id="toctree-checkbox-(?P<checkbox>\d+)")'
)
#: The name of a document that does not exist: a tree drawn for it marks no page.
_NO_PAGE = "icjc-navigation-no-page"
_STASHED_TOCTREE = "icjc_navigation_toctree"


@dataclass
class Marked:
    """A marked class attribute: the classes around the marker, and the link, if any."""

    before: str
    after: str
    href: str | None

    def attributes(self, *, current: bool, current_page: bool, href: str | None) -> str:
        classes = self.before + ("current" if current else "") + self.after
        if current_page:
            classes += " current-page"
        classes = " ".join(classes.split())
        html = f' class="{classes}"' if classes else ""
        return html if href is None else f'{html} href="{href}"'


@dataclass
class FolderTree:
    """Furo's tree for the pages of one folder, cut where pages differ, and where each sits.

    ``parts`` alternates text and slots; a page's tree is the parts joined, with the slots
    of its branch and of its links filled in.
    """

    parts: list[str] = field(default_factory=list)
    marked: dict[int, tuple[int, Marked]] = field(default_factory=dict)  # marker: slot, text
    items: set[int] = field(default_factory=set)  # markers of <li> elements
    branches: dict[str, set[int]] = field(default_factory=dict)  # docname: markers to mark
    links: dict[str, dict[int, str]] = field(default_factory=dict)  # docname: marker: anchor
    checkboxes: dict[int, int] = field(default_factory=dict)  # <li> marker: its checkbox slot

    def cut(self, html: str) -> None:
        """Split Furo's marked tree into text and slots, filled as for no current page.

        Furo puts an item's checkbox after the item's link, before any nested item.
        """
        position, item = 0, None
        for match in _SLOT.finditer(html):
            self.parts.append(html[position : match.start()])
            if match["checkbox"] is not None:
                if item is not None:
                    self.checkboxes[item] = len(self.parts)
                self.parts.append("")
            else:
                number = int(match["number"])
                if number in self.items:
                    item = number
                marked = Marked(match["before"], match["after"], match["href"])
                self.marked[number] = (len(self.parts), marked)
                self.parts.append(
                    marked.attributes(current=False, current_page=False, href=marked.href)
                )
            position = match.end()
        self.parts.append(html[position:])

    def for_page(self, docname: str) -> str:
        parts = self.parts.copy()
        branch = self.branches.get(docname, set())
        current_page = max(branch & self.items, default=None)
        links = self.links.get(docname, {})
        for number in branch | links.keys():
            slot, marked = self.marked[number]
            href = (links[number] or "#") if number in links else marked.href
            parts[slot] = marked.attributes(
                current=number in branch, current_page=number == current_page, href=href
            )
        for item in branch & self.checkboxes.keys():
            parts[self.checkboxes[item]] = ' checked=""'
        return "".join(parts)


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
    folder_tree = FolderTree()
    if tree is None:
        folder_tree.parts = [""]
        return folder_tree
    docname_of = {builder.get_relative_uri(no_page, name): name for name in env.all_docs}
    marked = list(_marked_nodes(tree))
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
        folder_tree.links.setdefault(docname, {})[number] = anchor
        if not anchor:
            branch = folder_tree.branches.setdefault(docname, set())
            ancestor: nodes.Node | None = node
            while ancestor is not None:
                if id(ancestor) in numbers:
                    branch.add(numbers[id(ancestor)])
                ancestor = ancestor.parent
    html = get_navigation_tree(builder.render_partial(tree)["fragment"])
    folder_tree.cut(html)
    if len(folder_tree.marked) != len(marked):
        return None  # the page text itself looks like a marker
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
