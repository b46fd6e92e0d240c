"""The ``member-cards`` directive: the members as sphinx-design cards on a page.

Cards are built as nodes, never as markup, so a member's name is always text.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from icjc_languages.catalog import _
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from .build import MEMBER_ATTRIBUTE, members_domain
from .loading import WARNING_SUBTYPE, WARNING_TYPE, Member
from .text_policy import shown

logger = logging.getLogger(__name__)

#: Responsive columns for xs, sm, md and lg screens, by the ``columns`` option.
_ROW_COLUMNS = {1: (1, 1, 1, 1), 2: (1, 2, 2, 2), 3: (1, 2, 2, 3), 4: (1, 2, 3, 4)}


def _columns(argument: str | None) -> int:
    # types-docutils says ``str``; docutils turns a missing argument (None) into a ValueError.
    return int(directives.choice(argument, ("1", "2", "3", "4")))  # type: ignore[arg-type]


def _countries(argument: str | None) -> tuple[str, ...]:
    values = [value.strip() for value in (argument or "").split(",")]
    if not any(values):
        raise ValueError("give one or more countries, separated by commas")
    return tuple(value for value in values if value)


class MemberCardsDirective(SphinxDirective):
    """Render the members of ``members/members.yaml`` as a responsive grid of cards."""

    has_content = False
    option_spec: ClassVar = {
        "columns": _columns,
        "country": _countries,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.config.icjc_members_file)
        domain = members_domain(self.env)
        domain.note_user(self.env.docname)
        members = list(domain.members.values())
        if "country" in self.options:
            members = self._filter_by_country(members, self.options["country"])
        heading_level = self._heading_level()
        xs, sm, md, lg = _ROW_COLUMNS[self.options.get("columns", 3)]
        grid = create_component(
            "grid-container",
            [
                "sd-container-fluid",
                "sd-sphinx-override",
                "sd-mb-4",
                "icjc-member-grid",
                *self.options.get("class", []),
            ],
        )
        row = create_component(
            "grid-row",
            [
                "sd-row",
                f"sd-row-cols-{xs}",
                f"sd-row-cols-xs-{xs}",
                f"sd-row-cols-sm-{sm}",
                f"sd-row-cols-md-{md}",
                f"sd-row-cols-lg-{lg}",
                "sd-g-3",
            ],
        )
        grid += row
        for member in members:
            item = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
            card = member_card(member, heading_level, self.config.language)
            card[MEMBER_ATTRIBUTE] = member.id  # its anchor is placed once the page is read
            item += card
            row += item
        for node in grid.findall(nodes.Element):
            self.set_source_info(node)
            # Member data carries its own languages (members.yaml), not the page's catalog.
            node["translatable"] = False
        return [grid]

    def _filter_by_country(self, members: list[Member], wanted: tuple[str, ...]) -> list[Member]:
        """The members in these countries, named in any language the members file gives."""
        known = {name.casefold() for member in members for name in member.country_names}
        for country in wanted:
            if country.casefold() not in known:
                logger.warning(
                    "member-cards: no member is in the country %s; the countries are %s",
                    shown(country),
                    ", ".join(sorted({member.country for member in members})),
                    location=(self.env.docname, self.lineno),
                    type=WARNING_TYPE,
                    subtype=WARNING_SUBTYPE,
                )
        chosen = {country.casefold() for country in wanted}
        return [
            member
            for member in members
            if chosen & {name.casefold() for name in member.country_names}
        ]

    def _heading_level(self) -> int:
        """One level below the section the directive sits in (h2 under the page title)."""
        depth = 0
        node: nodes.Node | None = self.state_machine.node
        while node is not None:
            depth += isinstance(node, nodes.section)
            node = node.parent
        return min(depth + 1, 6)


def name_classes(member: Member, page_language: str) -> list[str]:
    """``language-fr`` on a French name on an English page: docutils writes it as ``lang``."""
    return [] if member.name_language == page_language else [f"language-{member.name_language}"]


def member_card(member: Member, heading_level: int, page_language: str) -> nodes.container:
    """One sphinx-design card: the name as title, the location, and a link when known."""
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "icjc-member-card"]
    if member.url:
        classes.append("sd-card-hover")
    # Names are shown exactly as written: no "smart" quotes inside the card.
    card = create_component("card", classes, support_smartquotes=False)
    body = create_component("card-body", ["sd-card-body"])
    title = nodes.rubric(
        member.name,
        member.name,
        classes=["sd-card-title", "icjc-member-name", *name_classes(member, page_language)],
    )
    title["heading-level"] = heading_level
    body += title
    body += nodes.paragraph(
        member.address, member.address, classes=["sd-card-text", "icjc-member-location"]
    )
    if member.description:
        body += nodes.paragraph(member.description, member.description, classes=["sd-card-text"])
    if member.logo:
        card += nodes.image(uri=f"/{member.logo}", alt="", classes=["sd-card-img-top"])
    card += body
    if member.url:
        label = str(_("{name} (website)")).format(name=member.name)
        link = nodes.reference(
            label,
            "",
            nodes.inline(label, label),
            refuri=member.url,
            classes=["sd-stretched-link", "sd-hide-link-text"],
        )
        card += PassthroughTextElement("", "", link)
    return card
