"""The members map, structured data, members.json, sharing previews and the sitemap."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import yaml
from conftest import EXAMPLE_SITE, PAGES, REPO
from icjc_members.loading import LOCALIZED_FIELDS, SOURCE_LANGUAGE, in_language
from icjc_members.world_map import OUTLINE, project
from icjc_members.world_outline import outlines


def members_in(language: str) -> list[dict]:
    """The members of the YAML file as a build in ``language`` gives them."""
    raw = yaml.safe_load((REPO / "members/members.yaml").read_text(encoding="utf-8"))["members"]
    return [
        {
            "name_language": SOURCE_LANGUAGE,
            **member,
            **{key: in_language(member[key], language) for key in LOCALIZED_FIELDS & set(member)},
        }
        for member in raw
    ]


YAML_MEMBERS = members_in("en")


@pytest.mark.parametrize("docname", ["members/index", "index"])
def test_the_map_has_one_marker_per_member_at_its_coordinates(site, docname):
    svg = site.page(docname).select_one("svg.icjc-map")
    markers = svg.select("g.icjc-map-marker")
    assert [marker["data-member"] for marker in markers] == [m["id"] for m in YAML_MEMBERS]
    for marker, member in zip(markers, YAML_MEMBERS, strict=True):
        circle = marker.select_one("circle")
        assert (float(circle["cx"]), float(circle["cy"])) == project(member["lon"], member["lat"])
        assert marker.select_one("title").get_text().startswith(member["name"])
    assert float(markers[0].select_one("circle")["cx"]) < 300  # Chicago, in the west
    assert float(markers[7].select_one("circle")["cx"]) > 850  # Tokyo, in the east


def test_the_stored_land_outline_is_drawn_from_the_natural_earth_data():
    stored = json.loads(OUTLINE.read_text(encoding="utf-8"))
    assert stored == outlines(), "run: python -m icjc_members.world_outline (with _ext on the path)"
    assert all(path.startswith("M") and path.count("M") > 40 for path in stored.values())


def test_the_map_is_accessible_and_has_a_text_alternative(site):
    page = site.page("members/index")
    svg = page.select_one("svg.icjc-map")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.select_one(f"#{title_id}").get_text() == "Where the ICJC members are"
    description = svg.select_one(f"#{desc_id}").get_text()
    assert "12 member organisations in 11 cities" in description
    assert "Reno, Nevada, USA" in description
    legend = [item.get_text() for item in page.select(".icjc-map-legend li")]
    assert len(legend) == 11
    assert legend[3] == (
        "The Hague, The Netherlands: The Hague Institute for Global Justice; "
        "International Association of Prosecutors"
    )
    assert not site.page("index").select(".icjc-map-legend")


def json_ld(page):
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.parametrize("docname", ["index", "members/index"])
def test_json_ld_describes_the_consortium_and_its_members(site, docname):
    data = json_ld(site.page(docname))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "International Criminal Justice Consortium"
    assert data["alternateName"] == "ICJC"
    assert data["inLanguage"] == "en"
    assert data["url"] == EXAMPLE_SITE
    assert [m["name"] for m in data["member"]] == [m["name"] for m in YAML_MEMBERS]
    for entry, member in zip(data["member"], YAML_MEMBERS, strict=True):
        address = entry["address"]
        assert address["addressLocality"] == member["city"]
        assert address["addressCountry"] == member["country"]
        assert address.get("addressRegion") == member.get("region")
        assert entry.get("url") == member.get("url")


def test_json_ld_is_only_on_home_and_members(site):
    assert not site.page("about").select('script[type="application/ld+json"]')


def test_members_json_equals_the_yaml(site):
    published = json.loads((site.outdir / "members.json").read_text(encoding="utf-8"))
    expected = [{k: v for k, v in m.items() if v is not None} for m in YAML_MEMBERS]
    assert published == {"inLanguage": "en", "members": expected}


@pytest.mark.parametrize("docname", PAGES)
def test_open_graph_tags(site, docname):
    page = site.page(docname)
    tags = {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}
    assert tags["og:site_name"] == "International Criminal Justice Consortium"
    assert tags["og:title"]
    assert tags["og:description"]
    assert tags["og:image"] == f"{EXAMPLE_SITE}_static/social-card.png"
    assert tags["og:url"] == f"{EXAMPLE_SITE}{docname}.html"
    assert (site.outdir / "_static" / "social-card.png").is_file()


def test_the_sitemap_lists_every_page(site):
    tree = ET.parse(site.outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = sorted(loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace))
    assert locations == sorted(f"{EXAMPLE_SITE}{name}.html" for name in PAGES)


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
