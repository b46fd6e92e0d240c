"""One folder's navigation tree, as Furo draws it, cut at the places that differ by page.

``icjc_navigation`` has Furo draw the tree once per folder with a numbered marker class
(``icjc-nav-N``) on every list, item and link. The places that change from page to page
are then the marked class attributes (Sphinx's ``current`` class, Furo's ``current-page``,
a link to the page itself) and Furo's expand checkboxes (``checked`` on the current
branch). Everything between them is the same on every page of the folder.

``check_furo_markup`` runs a small tree through Furo when the build starts, and
``draw_folder_tree`` checks each folder's tree: both raise ``FuroContractBroken`` when
Furo's markup is not what ``icjc_furo_contract`` describes.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import icjc_furo_contract as furo_contract
from docutils import nodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder

MARKER = "icjc-nav-"
_MARKED_CLASS = re.compile(r' class="(?P<before>[^"]*?)icjc-nav-(?P<number>\d+)(?P<after>[^"]*)"')
#: A marked class attribute with the link target that follows it on an ``<a>``, or the
#: place just before an expand checkbox, where Furo writes ``checked`` on the current branch.
_PLACE_TO_FILL = re.compile(
    r' class="(?P<before>[^"]*?)icjc-nav-(?P<number>\d+)(?P<after>[^"]*)"'
    r'(?: href="(?P<href>[^"]*)")?'
    rf"|(?P<checkbox>(?={furo_contract.CHECKBOX.pattern}))"
)

#: The kinds of marks a page's tree uses, e.g. {"current", "expanded", "link to itself"}.
PageMarks = frozenset[str]


def number_of_marks(html: str) -> int:
    return len(_MARKED_CLASS.findall(html))


@dataclass
class MarkedAttributes:
    """A marked ``class`` attribute: the classes around the marker, and the link, if any."""

    classes_before: str
    classes_after: str
    href: str | None

    def for_page(self, *, current: bool, current_page: bool, href: str | None) -> str:
        """The attributes as Furo writes them, with or without the page's marks."""
        classes = self.classes_before + (furo_contract.CURRENT if current else "")
        classes += self.classes_after
        if current_page:
            classes += f" {furo_contract.CURRENT_PAGE}"
        classes = " ".join(classes.split())
        html = f' class="{classes}"' if classes else ""
        return html if href is None else f'{html} href="{href}"'


@dataclass
class FolderTree:
    """Furo's tree for the pages of one folder, cut where pages differ, and where each sits.

    ``parts`` alternates fixed text and places to fill; a page's tree is the parts joined,
    with the places of its branch and of its links filled in.
    """

    parts: list[str] = field(default_factory=list)
    #: marker number: (index in ``parts``, the attributes it stands for)
    marked: dict[int, tuple[int, MarkedAttributes]] = field(default_factory=dict)
    #: index in ``parts`` of each expand checkbox, in document order
    checkbox_places: list[int] = field(default_factory=list)
    #: marker number of an item: index in ``parts`` of its checkbox
    item_checkboxes: dict[int, int] = field(default_factory=dict)
    items: set[int] = field(default_factory=set)  # marker numbers of <li> elements
    branches: dict[str, set[int]] = field(default_factory=dict)  # docname: markers to mark
    links: dict[str, dict[int, str]] = field(default_factory=dict)  # docname: marker: anchor

    @classmethod
    def from_furo_html(cls, html: str, items: set[int]) -> FolderTree:
        """Cut Furo's marked tree into fixed text and places, filled as for no current page.

        Furo writes an item's checkbox after the item's link, before any nested item, so a
        checkbox belongs to the last item opened before it.
        """
        tree = cls(items=items)
        position, last_item = 0, None
        for match in _PLACE_TO_FILL.finditer(html):
            tree.parts.append(html[position : match.start()])
            if match["checkbox"] is not None:
                tree.checkbox_places.append(len(tree.parts))
                if last_item is not None:
                    tree.item_checkboxes.setdefault(last_item, len(tree.parts))
                tree.parts.append("")
            else:
                number = int(match["number"])
                if number in items:
                    last_item = number
                attributes = MarkedAttributes(match["before"], match["after"], match["href"])
                tree.marked[number] = (len(tree.parts), attributes)
                tree.parts.append(
                    attributes.for_page(current=False, current_page=False, href=attributes.href)
                )
            position = match.end()
        tree.parts.append(html[position:])
        return tree

    def marks_of(self, docname: str) -> PageMarks:
        branch = self.branches.get(docname, set())
        links = self.links.get(docname, {})
        marks = set()
        if branch:
            marks.add("current")
        if branch & self.item_checkboxes.keys():
            marks.add("expanded")
        if any(not anchor for anchor in links.values()):
            marks.add("link to itself")
        if any(links.values()):
            marks.add("link to a section of itself")
        return frozenset(marks)

    def for_page(self, docname: str) -> str:
        parts = self.parts.copy()
        branch = self.branches.get(docname, set())
        current_page = max(branch & self.items, default=None)
        links = self.links.get(docname, {})
        for number in branch | links.keys():
            place, attributes = self.marked[number]
            href = (links[number] or "#") if number in links else attributes.href
            parts[place] = attributes.for_page(
                current=number in branch, current_page=number == current_page, href=href
            )
        for item in branch & self.item_checkboxes.keys():
            parts[self.item_checkboxes[item]] = furo_contract.EXPANDED
        return "".join(parts)


# -- Drawing a folder's tree with Furo, and checking Furo's markup ------------------------

#: The name of a document that does not exist: a tree drawn for it marks no page.
_NO_PAGE = "icjc-navigation-no-page"
#: A tree of two items, the first current with one child, run through Furo at start-up.
_PROBE = (
    '<ul class="current icjc-nav-0"><li class="toctree-l1 current icjc-nav-1">'
    '<a class="reference internal icjc-nav-2" href="#">A</a><ul class="icjc-nav-3">'
    '<li class="toctree-l2 icjc-nav-4"><a class="reference internal icjc-nav-5" href="b.html">'
    'B</a></li></ul></li><li class="toctree-l1 icjc-nav-6"><a class="reference internal'
    ' icjc-nav-7" href="c.html">C</a></li></ul>'
)


class FuroContractBroken(Exception):
    """Furo's navigation markup is not what ``icjc_furo_contract`` describes."""


def draw_folder_tree(builder: StandaloneHTMLBuilder, folder: str) -> FolderTree | None:
    """Furo's tree as seen from a page in ``folder``, marked; None if it cannot be reused."""
    env = builder.env
    if any("tocdepth" in metadata for metadata in env.metadata.values()):
        return None  # Sphinx then draws the current page's ancestors differently
    no_page = posixpath.join(folder, _NO_PAGE)
    tree = global_toctree_for_doc(
        env, no_page, builder, tags=builder.tags, **furo_contract.TOCTREE_ARGUMENTS
    )
    if tree is None:
        return FolderTree(parts=[""])
    marked = [
        node
        for node in tree.findall(nodes.Element)
        if isinstance(node, nodes.bullet_list | nodes.list_item | nodes.reference)
    ]
    for number, node in enumerate(marked):
        node["classes"].append(f"{MARKER}{number}")
    docname_of = {builder.get_relative_uri(no_page, name): name for name in env.all_docs}
    places = _places_of_pages(marked, docname_of)
    if places is None:
        return None  # a link this module cannot place (e.g. the index): leave it to Furo
    html = _furo_tree(builder.render_partial(tree)["fragment"])
    if number_of_marks(html) != len(marked):
        return None  # the page text itself looks like a marker
    items = {number for number, node in enumerate(marked) if _is_item(node)}
    folder_tree = FolderTree.from_furo_html(html, items)
    folder_tree.links, folder_tree.branches = places
    with_children = sum(1 for node in marked if _is_item(node) and _has_children(node))
    if len(folder_tree.checkbox_places) != with_children:
        raise FuroContractBroken(
            f"its tree has {len(folder_tree.checkbox_places)} expand checkboxes where "
            f"{with_children} items have children"
        )
    return folder_tree


def _places_of_pages(
    marked: Sequence[nodes.Element], docname_of: dict[str, str]
) -> tuple[dict[str, dict[int, str]], dict[str, set[int]]] | None:
    """For each page: its links in the tree (marker: anchor), and the markers of its branch
    (the lists, items and links that lead to it). None if a link points at no document."""
    number_of = {id(node): number for number, node in enumerate(marked)}
    links: dict[str, dict[int, str]] = {}
    branches: dict[str, set[int]] = {}
    for number, node in enumerate(marked):
        if not isinstance(node, nodes.reference) or not node.get("internal"):
            continue
        anchor = node.get("anchorname", "")
        docname = docname_of.get(node["refuri"].removesuffix(anchor) if anchor else node["refuri"])
        if docname is None:
            return None
        links.setdefault(docname, {})[number] = anchor
        if not anchor:
            branch = branches.setdefault(docname, set())
            ancestor: nodes.Node | None = node
            while ancestor is not None:
                if id(ancestor) in number_of:
                    branch.add(number_of[id(ancestor)])
                ancestor = ancestor.parent
    return links, branches


def _is_item(node: nodes.Element) -> bool:
    return isinstance(node, nodes.list_item)


def _has_children(item: nodes.Element) -> bool:
    return any(isinstance(n, nodes.bullet_list) for n in item.findall(include_self=False))


def _furo_tree(toctree_html: str) -> str:
    function = furo_contract.furo_navigation_function()
    if function is None:
        raise FuroContractBroken("furo.navigation.get_navigation_tree is gone")
    return function(toctree_html)


def check_furo_markup() -> None:
    """Run a small marked tree through Furo and check the markup this module fills in."""
    html = _furo_tree(_PROBE)
    items = {int(number) for number in re.findall(r'<li class="[^"]*icjc-nav-(\d+)', _PROBE)}
    probe = FolderTree.from_furo_html(html, items)
    if number_of_marks(html) != _PROBE.count(MARKER) or len(probe.checkbox_places) != 1:
        raise FuroContractBroken("its expand checkboxes or marked classes are not where expected")
    if not re.search(rf'class="[^"]*\b{furo_contract.CURRENT_PAGE}\b', html):
        raise FuroContractBroken(
            f"the current page's item no longer has the class {furo_contract.CURRENT_PAGE}"
        )
    if furo_contract.EXPANDED not in html:
        raise FuroContractBroken("it no longer expands the current branch with the checkbox")
