"""The members map, structured data, members.json, sharing previews and the sitemap."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from conftest import EXAMPLE_SITE
from icjc.members.member_map import OUTLINE, project
from test_site import location, site_environment
from tools.world_outline import outlines


def placed(members):
    return [m for m in members if m.get("lat") is not None and m.get("lon") is not None]


def pages_using(site, directive: str) -> list[str]:
    """The pages whose Markdown uses ``{directive}``."""
    return [
        name
        for name in site.pages
        if re.search(rf"^[`:]{{3,}}\{{{directive}\}}", markdown(site, name), re.MULTILINE)
    ]


def markdown(site, name: str) -> str:
    return (site.srcdir / f"{name}.md").read_text(encoding="utf-8")


def test_a_map_on_each_page_that_places_one_and_only_there(each_site):
    with_map = pages_using(each_site, "member-map")
    assert with_map, "no page places the {member-map}"
    for name in each_site.pages:
        assert len(each_site.page(name).select("svg.icjc-map")) == (name in with_map), name


def test_each_map_has_one_marker_per_member_at_its_coordinates(each_site):
    members = placed(each_site.members)
    for docname in pages_using(each_site, "member-map"):
        assert_markers(each_site.page(docname).select_one("svg.icjc-map"), members)


def assert_markers(svg, members):
    markers = svg.select("g.icjc-map-marker")
    assert [marker["data-member"] for marker in markers] == [m["id"] for m in members]
    for marker, member in zip(markers, members, strict=True):
        circle = marker.select_one("circle")
        assert (float(circle["cx"]), float(circle["cy"])) == project(member["lon"], member["lat"])
        assert marker.select_one("title").get_text().startswith(member["name"])
    # West to east on the map as on the globe.
    by_longitude = sorted(zip(members, markers, strict=True), key=lambda pair: pair[0]["lon"])
    xs = [float(marker.select_one("circle")["cx"]) for _, marker in by_longitude]
    assert xs == sorted(xs)


def test_the_stored_land_outline_is_drawn_from_the_natural_earth_data():
    stored = json.loads(OUTLINE.read_text(encoding="utf-8"))
    assert stored == outlines(), "run: .venv/bin/python tests/tools/world_outline.py"
    assert all(path.startswith("M") and path.count("M") > 40 for path in stored.values())


def test_the_map_is_accessible_and_has_a_text_alternative(each_site):
    members = placed(each_site.members)
    cities: dict[str, list[str]] = {}
    for member in members:
        cities.setdefault(location(member), []).append(member["name"])
    for docname in pages_using(each_site, "member-map"):
        compact = re.search(r"\{member-map\}\n(:[^\n]*\n)*:compact:", markdown(each_site, docname))
        assert_map_text(each_site, each_site.page(docname), members, cities, legend=not compact)


def assert_map_text(each_site, page, members, cities, legend):
    svg = page.select_one("svg.icjc-map")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.select_one(f"#{title_id}").get_text() == "Where the ICJC members are"
    description = svg.select_one(f"#{desc_id}").get_text()
    total = len(each_site.members)
    if not members:
        assert "no member organisation has a position on it yet" in description
    else:
        shown = f"{len(members)} of the {total}" if len(members) < total else f"{total}"
        noun = "member organisation" + "s" * (total != 1)
        where = "city" if len(cities) == 1 else "cities"
        assert f"with {shown} {noun} in {len(cities)} {where}: " in description
    assert all(city in description for city in cities)
    listed = [item.get_text() for item in page.select(".icjc-map-legend li")]
    # A map given the ``compact`` option has no legend of cities.
    assert listed == (
        [f"{city}: {'; '.join(names)}" for city, names in cities.items()] if legend else []
    )


def json_ld(page):
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def structured_data_pages(site) -> list[str]:
    """The pages conf.py (or the extension's default) gives structured data."""
    return list(site_environment(site).config.icjc_structured_data_pages)


def test_json_ld_on_the_pages_that_describe_the_consortium_and_only_there(each_site):
    chosen = structured_data_pages(each_site)
    assert chosen
    for name in each_site.pages:
        found = each_site.page(name).select('script[type="application/ld+json"]')
        assert len(found) == (name in chosen), name


def test_json_ld_describes_the_consortium_and_its_members(each_site):
    for docname in structured_data_pages(each_site):
        assert_json_ld(each_site, docname)


def assert_json_ld(each_site, docname):
    members = each_site.members
    data = json_ld(each_site.page(docname))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "International Criminal Justice Consortium"
    assert data["alternateName"] == "ICJC"
    assert "inLanguage" not in data  # not a property of schema.org's Organization
    assert data["url"] == EXAMPLE_SITE
    assert [m["name"] for m in data["member"]] == [m["name"] for m in members]
    for entry, member in zip(data["member"], members, strict=True):
        address = entry["address"]
        assert address["addressLocality"] == member["city"]
        # The ISO 3166 code when the file gives it, else the country's name.
        assert address["addressCountry"] == member.get("country_code", member["country"])
        assert address.get("addressRegion") == member.get("region")
        assert entry.get("url") == member.get("url")


def test_members_json_equals_the_yaml(each_site):
    published = json.loads((each_site.outdir / "members.json").read_text(encoding="utf-8"))
    expected = [{k: v for k, v in m.items() if v is not None} for m in each_site.members]
    assert published == {"inLanguage": "en", "members": expected}


def test_open_graph_tags(each_site):
    assert (each_site.outdir / "_static" / "social-card.png").is_file()
    for docname in each_site.pages:
        page = each_site.page(docname)
        tags = {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}
        assert tags["og:site_name"] == "International Criminal Justice Consortium"
        assert tags["og:title"], docname
        assert tags["og:description"], docname
        assert tags["og:image"] == f"{EXAMPLE_SITE}_static/social-card.png"
        assert tags["og:url"] == f"{EXAMPLE_SITE}{docname}.html"
        if own_description(each_site.srcdir / f"{docname}.md"):  # shared as written
            description = page.select_one('meta[name="description"]')["content"]
            assert tags["og:description"] == description, docname
        assert tags["og:locale"] == "en_GB"
        assert tags["og:locale:alternate"] == "fr_FR"


def own_description(source: Path) -> str | None:
    """The description a page's front matter gives it (``myst: html_meta: description``)."""
    text = source.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    front = yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}
    return front.get("myst", {}).get("html_meta", {}).get("description")


def test_the_sitemap_lists_every_page(each_site):
    tree = ET.parse(each_site.outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = sorted(loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace))
    assert locations == sorted(f"{EXAMPLE_SITE}{name}.html" for name in each_site.pages)


def test_the_404_page_looks_like_the_site(site):
    page = site.page("404")
    assert page.select_one("article h1").get_text() == "Page not found"
    assert page.select_one(".sidebar-members")
    assert page.select_one("footer .icjc-footer")
    assert page.select_one(
        'link[href="/_static/icjc.css?v='
        + page.select_one('link[href*="icjc.css"]')["href"].split("?v=")[1]
        + '"]'
    )
