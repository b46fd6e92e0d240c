"""The ``member-map`` directive: the members on a world map drawn as SVG at build time (no
script, no tiles), equirectangular, cropped to the inhabited latitudes. The land outline is
``world/land-outline.json``, drawn by ``tests/tools/world_outline.py``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from icjc.languages.catalog import _

from .loading import SITE_MEMBERS, Member

OUTLINE = Path(__file__).parent / "world" / "land-outline.json"
#: Douglas-Peucker tolerance of each map size's outline, in SVG units.
TOLERANCES = {"compact": 2.5, "full": 1.2}
WIDTH, NORTH, SOUTH = 1000, 84.0, -58.0
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)
Point = tuple[float, float]


def project(lon: float, lat: float) -> Point:  # to SVG user units, rounded to 0.1
    return round((lon + 180) / 360 * WIDTH, 1), round((NORTH - lat) / (NORTH - SOUTH) * HEIGHT, 1)


def map_description(total: int, placed: int, cities: Sequence[str]) -> str:
    """The map's text alternative: true whatever number of members has a position."""
    if not placed:
        return str(_("World map: no member organisation has a position on it yet."))
    # One sentence per case, so that each language can word its own plurals.
    if placed < total:
        shown = _("World map with {placed} of the {total} member organisations")
    elif placed == 1:
        shown = _("World map with 1 member organisation")
    else:
        shown = _("World map with {placed} member organisations")
    where = _("in 1 city: {cities}.") if len(cities) == 1 else _("in {count} cities: {cities}.")
    # "; " between cities (they hold commas); French puts a narrow no-break space before it.
    listed = str(_("; ")).join(cities)
    first = str(shown).format(placed=placed, total=total)
    return f"{first} {str(where).format(count=len(cities), cities=listed)}"


def member_map_svg(members: Sequence[Member], *, map_id: str, compact: bool) -> str:
    """The map as an SVG element: land, one labelled marker per member with coordinates."""
    placed = [member for member in members if member.on_map]
    cities = list(dict.fromkeys(member.address for member in placed))
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "class": "icjc-map" + (" icjc-map-compact" if compact else ""),
            "role": "img",
            "aria-labelledby": f"{map_id}-title {map_id}-desc",
        },
    )
    # Line breaks between the texts, so that the search's snippets keep them apart.
    svg.text = "\n"
    title = ET.SubElement(svg, "title", {"id": f"{map_id}-title"})
    title.text, title.tail = str(_("Where the ICJC members are")), "\n"
    desc = ET.SubElement(svg, "desc", {"id": f"{map_id}-desc"})
    desc.text, desc.tail = map_description(len(members), len(placed), cities), "\n"
    outline = json.loads(OUTLINE.read_text(encoding="utf-8"))["compact" if compact else "full"]
    ET.SubElement(svg, "path", {"class": "icjc-map-land", "d": outline})
    for member in placed:
        x, y = project(member.lon or 0, member.lat or 0)  # placed: both are given
        marker = ET.SubElement(svg, "g", {"class": "icjc-map-marker", "data-member": member.id})
        marker.tail = "\n"
        ET.SubElement(marker, "title").text = f"{member.name}, {member.address}"
        circle = {"cx": f"{x:g}", "cy": f"{y:g}", "r": "10" if compact else "6"}
        ET.SubElement(marker, "circle", circle)
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


class MemberMapDirective(SphinxDirective):
    """Draw the members on a world map; ``:compact:`` leaves out the legend (home page)."""

    option_spec: ClassVar = {"compact": directives.flag, "class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        members = list(SITE_MEMBERS[self.env])
        compact = "compact" in self.options
        # Unique across pages too: singlehtml puts every page in one file.
        serial = self.env.new_serialno("icjc-map")
        map_id = nodes.make_id(f"icjc-map-{self.env.docname}-{serial}")
        classes = ["icjc-member-map", *self.options.get("class", [])]
        figure = nodes.container(classes=classes, support_smartquotes=False)
        svg = member_map_svg(members, map_id=map_id, compact=compact)
        figure += nodes.raw("", svg, format="html")
        if not compact:
            figure += self._legend(members)
        self.set_source_info(figure)
        return [figure]

    def _legend(self, members: list[Member]) -> nodes.bullet_list:
        """One line per city, naming its members: the map's text alternative, visible to all."""
        by_city: dict[str, list[Member]] = {}
        for member in members:
            if member.on_map:
                by_city.setdefault(member.address, []).append(member)
        # Between the city and its members: ": " in English, " : " in French.
        separator = str(_("{city}: {names}")).format(city="", names="")
        legend = nodes.bullet_list(classes=["icjc-map-legend"])
        for city, here in by_city.items():
            line = nodes.paragraph("", "", nodes.strong(city, city), nodes.Text(separator))
            for number, member in enumerate(here):
                if number:
                    line += nodes.Text(str(_("; ")))
                if classes := member.name_classes(self.config.language):
                    line += nodes.inline(member.name, member.name, classes=classes)
                else:
                    line += nodes.Text(member.name)
            legend += nodes.list_item("", line)
        return legend
