"""One folder's navigation tree, as Furo drew it, cut at the places that differ by page.

``icjc_navigation`` has Furo draw the tree once per folder with a numbered marker class
(``icjc-nav-N``) on every list, item and link. The places that change from page to page
are then the marked class attributes (Sphinx's ``current`` class, Furo's ``current-page``,
a link to the page itself) and Furo's expand checkboxes (``checked`` on the current
branch). Everything between them is the same on every page of the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import icjc_furo_contract as furo_contract

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
