"""Member cards on the members page, the sidebar list and the card anchors."""

from __future__ import annotations

import pytest
from babel import Locale
from conftest import REPO, SCHEMA, copy_root, soup

#: What the site writes for the basic root's countries (US, FR): CLDR's English names.
US, FR = (Locale("en").territories[code] for code in ("US", "FR"))

BASIC_NAMES = [
    "Alpha Association",
    "Beta Institute",
    "<script>alert('x')</script> *Bold* & <b>Co</b>",
]


@pytest.fixture
def basic(build_root):
    return build_root("members-basic")


def cards(page):
    return page.select(".icjc-member-grid")[0].select(".sd-card.icjc-member-card")


def test_cards_show_names_and_locations_in_file_order(basic):
    page = basic.page("members/index")
    found = cards(page)
    assert [card.select_one(".icjc-member-name").get_text() for card in found] == BASIC_NAMES
    assert [card.select_one(".icjc-member-location").get_text() for card in found] == [
        f"Chicago, Illinois, {US}",
        f"Paris, {FR}",
        f"<img src=x onerror=alert(1)>, {FR}",
    ]
    assert all(card.select_one("h2.icjc-member-name") for card in found)


def test_a_card_is_a_link_only_when_the_member_has_a_url(basic):
    alpha, beta, markup = cards(basic.page("members/index"))
    assert [a["href"] for a in alpha.select("a")] == ["https://alpha.example.org/"]
    assert "sd-card-hover" in alpha["class"]
    assert "sd-stretched-link" in alpha.select_one("a")["class"]
    assert alpha.select_one("a").get_text() == "Alpha Association (website)"
    assert beta.select("a") == []
    assert "sd-card-hover" not in beta["class"]
    assert [a["href"] for a in markup.select("a")] == ["https://markup.example.org/?q=1&x=2"]


def test_each_member_has_one_permanent_anchor(basic):
    page = basic.page("members/index")
    assert [card.get("id") for card in cards(page)] == [
        "member-alpha",
        "member-beta",
        "member-markup",
    ]
    assert len(page.select("#member-beta")) == 1


def test_country_filter_and_columns(basic):
    filtered = basic.page("members/index").select(".icjc-member-grid")[1]
    names = [name.get_text() for name in filtered.select(".icjc-member-name")]
    assert names == BASIC_NAMES[1:]
    assert "sd-row-cols-lg-2" in filtered.select_one(".sd-row")["class"]
    assert all(name.name == "h3" for name in filtered.select(".icjc-member-name"))
    assert all(card.get("id") is None for card in filtered.select(".icjc-member-card"))


def test_markup_in_a_name_is_text_on_the_page_and_in_the_sidebar(basic):
    for docname in ("members/index", "index", "other", "search", "genindex"):
        html = (basic.outdir / f"{docname}.html").read_text(encoding="utf-8")
        assert "<script>alert('x')</script>" not in html
        assert "<img src=x" not in html
        assert "<b>Co</b>" not in html
        assert "&lt;script&gt;alert(" in html
    description = cards(basic.page("members/index"))[2].select(".sd-card-text")[-1]
    assert description.get_text() == "See [our annual report](https://markup.example.org/report)."


def test_the_sidebar_lists_every_member_on_every_page(basic):
    for docname in ("index", "members/index", "other", "search", "genindex"):
        page = basic.page(docname)
        section = page.select_one("aside.sidebar-drawer section.sidebar-members")
        assert section is not None, docname
        heading = section.select_one("#sidebar-members-heading")
        assert heading.name == "h2"
        assert heading.get_text() == "Members"
        assert section["aria-labelledby"] == "sidebar-members-heading"
        items = section.select("li")
        assert [item.select_one(".sidebar-member-name").get_text() for item in items] == (
            BASIC_NAMES
        )
        assert [item.select_one(".sidebar-member-location").get_text() for item in items][:2] == [
            f"Chicago, Illinois, {US}",
            f"Paris, {FR}",
        ]
        links = [item.select_one("a") for item in items]
        assert links[0]["href"] == "https://alpha.example.org/"
        assert links[1] is None
        assert all("sd-card" in item.select_one(".sidebar-member-card")["class"] for item in items)


def test_the_basic_site_builds_without_warnings(basic):
    assert basic.warnings == ""


def test_root_with_urls_builds_without_warnings(build_root):
    built = build_root("members-urls")
    assert built.warnings == ""
    hrefs = [a["href"] for a in built.page("index").select(".sidebar-members a")]
    assert hrefs == ["https://one.example.org/", "https://two.example.org/"]


def test_the_map_text_counts_the_members_it_shows():
    from icjc.members.member_map import map_description

    assert map_description(3, 0, []) == (
        "World map: no member organisation has a position on it yet."
    )
    assert map_description(3, 2, ["Paris, France"]) == (
        "World map with 2 of the 3 member organisations in 1 city: Paris, France."
    )
    assert map_description(2, 2, ["Paris, France", "Rome, Italy"]) == (
        "World map with 2 member organisations in 2 cities: Paris, France; Rome, Italy."
    )


def test_the_map_text_keeps_its_words_apart_for_search_snippets():
    from icjc.members.loading import Member
    from icjc.members.member_map import member_map_svg

    paris = Member(
        id="a", name="Alpha", city="Paris", country="France", country_code="FR", lat=48.9, lon=2.4
    )
    svg = member_map_svg([paris], map_id="m", compact=False)
    assert "</title>\n<desc" in svg
    assert "</desc>\n<path" in svg


@pytest.mark.sphinx(
    "html",
    testroot="members-pages",
    confoverrides={
        "templates_path": [str(REPO / "_templates")],
        "icjc_members_schema": str(SCHEMA),
    },
)
def test_each_card_page_anchors_its_members_and_the_map_text_is_true(app, warning):
    app.build()
    assert warning.getvalue() == ""
    first = soup(app.outdir / "a-members.html")
    second = soup(app.outdir / "b-more.html")
    assert [card.get("id") for card in first.select(".icjc-member-card")] == [
        "member-alpha",
        "member-beta",
    ]
    assert [card.get("id") for card in second.select(".icjc-member-card")] == [
        "member-alpha",
        "member-beta",
    ]
    description = second.select_one("svg.icjc-map desc").get_text()
    assert description == (
        f"World map with 2 member organisations in 2 cities: Chicago, Illinois, {US}; Paris, {FR}."
    )
    assert first.select_one(".icjc-member-card img")["src"].endswith("alpha.svg")


def test_a_country_filter_finds_members_by_code_in_any_language(build_root, tmp_path):
    """A French build: `:country: nl` finds the members of NL, and shows the country's
    French name from CLDR."""
    srcdir = copy_root("members-basic", tmp_path / "src")
    members = srcdir / "members" / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace(
            "    city: Paris\n    country: FR\n",
            "    city: {en: The Hague, fr: La Haye}\n    country: NL\n",
        ),
        encoding="utf-8",
    )
    page = srcdir / "members" / "index.md"
    page.write_text(
        "# Members\n\n```{member-cards}\n:country: nl\n```\n",
        encoding="utf-8",
    )
    built = build_root("members-basic", srcdir=srcdir, language="fr")
    assert built.warnings == ""
    cards = built.page("members/index").select(".icjc-member-card")
    assert [card.select_one(".icjc-member-name").get_text() for card in cards] == ["Beta Institute"]
    french = Locale("fr").territories["NL"]
    assert cards[0].select_one(".icjc-member-location").get_text() == f"La Haye, {french}"
