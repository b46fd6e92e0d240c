"""The ``member-map`` directive: the members' world map, with a legend of cities."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from icjc_languages.catalog import _
from sphinx.util.docutils import SphinxDirective

from .cards import name_classes
from .domain import members_domain
from .failures import guarded
from .model import Member
from .world_map import member_map_svg


class MemberMapDirective(SphinxDirective):
    """Draw the members on a world map; ``:compact:`` leaves out the legend (home page)."""

    has_content = False
    option_spec: ClassVar = {"compact": directives.flag, "class": directives.class_option}

    def _failed(self) -> list[nodes.Node]:
        members_domain(self.env).note_failure(self.env.docname)
        return []

    @guarded(fallback=_failed)
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.config.icjc_members_file)
        domain = members_domain(self.env)
        domain.note_user(self.env.docname)
        members = list(domain.members.values())
        compact = "compact" in self.options
        map_id = f"icjc-map-{self.env.new_serialno('icjc-map')}"
        figure = nodes.container(
            classes=["icjc-member-map", *self.options.get("class", [])],
            support_smartquotes=False,
        )
        svg = member_map_svg(members, map_id=map_id, compact=compact)
        figure += nodes.raw("", svg, format="html")
        if not compact:
            figure += _legend(members, self.config.language)
        self.set_source_info(figure)
        return [figure]


def _legend(members: list[Member], language: str) -> nodes.bullet_list:
    """One line per city, naming its members: the map's text alternative, visible to all."""
    by_city: dict[str, list[Member]] = {}
    for member in members:
        if member.on_map:
            by_city.setdefault(member.address, []).append(member)
    # Between the city and its members: ": " in English, " : " in French.
    separator = str(_("{city}: {names}")).format(city="", names="")
    legend = nodes.bullet_list(classes=["icjc-map-legend"])
    for city, here in by_city.items():
        line = nodes.paragraph()
        line += nodes.strong(city, city)
        line += nodes.Text(separator)
        for number, member in enumerate(here):
            if number:
                line += nodes.Text("; ")
            if classes := name_classes(member, language):
                line += nodes.inline(member.name, member.name, classes=classes)
            else:
                line += nodes.Text(member.name)
        legend += nodes.list_item("", line)
    return legend
