"""The ``member-cards`` directive: the members as sphinx-design cards, built as nodes, never
as markup, so a member's name is always text."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from icjc.languages.catalog import _
from icjc.safety import WARNING_TYPE, shown

from .loading import SITE_MEMBERS, WARNING_SUBTYPE, Member

logger = logging.getLogger(__name__)
#: The attribute naming the member a card node shows; its anchor is placed after reading.
MEMBER_ATTRIBUTE = "icjc-member"
#: Responsive columns for xs, sm, md and lg screens, by the ``columns`` option.
_ROW_COLUMNS = {1: (1, 1, 1, 1), 2: (1, 2, 2, 2), 3: (1, 2, 2, 3), 4: (1, 2, 3, 4)}


def _columns(argument: str | None) -> int:
    # types-docutils says ``str``; docutils turns a missing argument (None) into a ValueError.
    return int(directives.choice(argument, ("1", "2", "3", "4")))  # type: ignore[arg-type]


class MemberCardsDirective(SphinxDirective):
    """The members as a responsive grid of cards; ``:country: NL, FR`` keeps those of the
    countries given by their codes, as members.yaml writes them."""

    option_spec: ClassVar = {
        "columns": _columns,
        "country": lambda text: {
            c.strip().upper() for c in directives.unchanged_required(text).split(",")
        },
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        members = list(SITE_MEMBERS[self.env])
        if wanted := self.options.get("country"):
            codes = {member.country_code for member in members}
            for code in sorted(wanted - codes):
                logger.warning(
                    "member-cards: no member is in the country `%s`; the countries are %s",
                    shown(code),
                    ", ".join(sorted(codes)),
                    location=(self.env.docname, self.lineno),
                    type=WARNING_TYPE,
                    subtype=WARNING_SUBTYPE,
                )
            members = [member for member in members if member.country_code in wanted]
        # One level below the section the directive sits in (h2 under the page title).
        depth = 0
        node: nodes.Node | None = self.state_machine.node
        while node is not None:
            depth, node = depth + isinstance(node, nodes.section), node.parent
        xs, sm, md, lg = _ROW_COLUMNS[self.options.get("columns", 3)]
        grid_classes = ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "icjc-member-grid"]
        grid = create_component("grid-container", [*grid_classes, *self.options.get("class", [])])
        row = create_component(
            "grid-row",
            f"sd-row sd-row-cols-{xs} sd-row-cols-xs-{xs} sd-row-cols-sm-{sm} "
            f"sd-row-cols-md-{md} sd-row-cols-lg-{lg} sd-g-3".split(),
        )
        grid += row
        for member in members:
            card = member_card(member, min(depth + 1, 6), self.config.language)
            card[MEMBER_ATTRIBUTE] = member.id  # its anchor is placed once the page is read
            row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
        for element in grid.findall(nodes.Element):
            self.set_source_info(element)
            # Member data carries its own languages (members.yaml), not the page's catalog.
            element["translatable"] = False
        return [grid]


def name_classes(member: Member, page_language: str) -> list[str]:
    """``language-fr`` on a French name on an English page: docutils writes it as ``lang``."""
    return [] if member.name_language == page_language else [f"language-{member.name_language}"]


def member_card(member: Member, heading_level: int, page_language: str) -> nodes.container:
    """One sphinx-design card: the name as title, the location, and a link when known."""
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "icjc-member-card"]
    # Names are shown exactly as written: no "smart" quotes inside the card.
    card = create_component(
        "card", [*classes, *["sd-card-hover"] * bool(member.url)], support_smartquotes=False
    )
    if member.logo:
        card += nodes.image(uri=f"/{member.logo}", alt="", classes=["sd-card-img-top"])
    name = ["sd-card-title", "icjc-member-name", *name_classes(member, page_language)]
    title = nodes.rubric(member.name, member.name, classes=name)
    title["heading-level"] = heading_level
    location = ["sd-card-text", "icjc-member-location"]
    body = create_component("card-body", ["sd-card-body"], children=[title])
    body += nodes.paragraph(member.address, member.address, classes=location)
    if member.description:
        body += nodes.paragraph(member.description, member.description, classes=["sd-card-text"])
    card += body
    if member.url:
        label = str(_("{name} (website)")).format(name=member.name)
        link = nodes.reference(label, "", nodes.inline(label, label), refuri=member.url)
        link["classes"] = ["sd-stretched-link", "sd-hide-link-text"]
        card += PassthroughTextElement("", "", link)
    return card
