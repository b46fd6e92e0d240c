"""Member card anchors: placed on the card of the page that owns them, never shared.

The owner of each anchor is settled once every page has been read (see the domain); the
anchor is put on the card when the page is written, so a page read in another process, or
not read again, still gets the right ids. An anchor is the card's alone: another element
of the page with the same id (a heading "Member ABA" gets ``member-aba``) is given a new
id, with a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from .domain import members_domain
from .failures import guarded
from .reporting import WARNING_SUBTYPE, WARNING_TYPE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
#: The attribute naming the member a card node shows.
MEMBER_ATTRIBUTE = "icjc-member"


def _cards(doctree: nodes.document) -> list[nodes.Element]:
    return [node for node in doctree.findall(nodes.Element) if node.get(MEMBER_ATTRIBUTE)]


@guarded()
def keep_anchors_unique(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: take a member's anchor back from any other element of the page."""
    domain = members_domain(app.env)
    cards = _cards(doctree)
    anchors = {
        member.anchor: card
        for card in cards
        if (member := domain.members.get(card[MEMBER_ATTRIBUTE])) is not None
    }
    for node in doctree.findall(nodes.Element):
        ids: list[str] = node.get("ids", [])
        for taken in [anchor for anchor in ids if anchor in anchors]:
            if node is anchors[taken]:
                continue
            logger.warning(
                "the id %r is the anchor of a member's card on this page, so this element "
                "gets another id: rename it, or give it a label of its own",
                taken,
                location=node,
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )
            node["ids"].remove(taken)
            doctree.ids[taken] = anchors[taken]
            if not node["ids"]:
                doctree.set_id(node)


@guarded()
def place_anchors(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the owned anchors go on this page's first card of each member."""
    domain = members_domain(app.env)
    done: set[str] = set()
    for card in _cards(doctree):
        member_id = card[MEMBER_ATTRIBUTE]
        member = domain.members.get(member_id)
        if member is None or member_id in done or domain.owner(member_id) != docname:
            continue
        done.add(member_id)
        card["ids"].append(member.anchor)
