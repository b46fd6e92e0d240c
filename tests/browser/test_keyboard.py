"""Keyboard users reach the skip link, navigation, theme toggle and member links, and see focus."""

from __future__ import annotations

import pytest
from browser_fixtures import DESKTOP, EDITED_FOLDER, LANGUAGE_FOLDERS

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const after = getComputedStyle(el, '::after');
  const ring = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                      || (s.boxShadow && s.boxShadow !== 'none');
  return {
    tag: el.tagName.toLowerCase(),
    cls: el.className && el.className.baseVal === undefined ? el.className : '',
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
    ring: ring(style) || ring(after),
  };
}"""


def tab_through(page, limit=80):
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_STYLE))
    return stops


def unringed(stops: list[dict]) -> list[tuple[str, str, str]]:
    return [(s["tag"], s["cls"], s["text"]) for s in stops if not s["ring"] and s["tag"] != "body"]


@pytest.mark.parametrize("language", sorted(LANGUAGE_FOLDERS))
def test_tab_order_reaches_everything_with_a_visible_ring(open_page, site_url, language):
    page = open_page(viewport=DESKTOP)
    page.goto(site_url + LANGUAGE_FOLDERS[language] + "about.html")
    stops = tab_through(page)
    assert "skip-to-content" in stops[0]["cls"]
    assert "members/index.html" in [stop["href"] for stop in stops]
    assert any("icjc-language-switch" in stop["cls"] for stop in stops)
    assert any("theme-toggle" in stop["cls"] for stop in stops)
    assert unringed(stops) == []


def websites(members: list[dict]) -> set[str]:
    return {member["url"] for member in members if member.get("url")}


def test_member_websites_in_the_sidebar_are_tab_stops_with_a_ring(open_page, site_url, edited_site):
    page = open_page(viewport=DESKTOP)
    page.goto(site_url + EDITED_FOLDER + "about.html")
    members = edited_site.members
    stops = tab_through(page, limit=80 + len(members))
    member_stops = [stop for stop in stops if stop["href"] in websites(members)]
    assert {stop["href"] for stop in member_stops} == websites(members)
    assert all("sidebar-member-card" in stop["cls"] for stop in member_stops)
    assert unringed(stops) == []


def test_member_cards_on_the_members_page_are_focusable_links(open_page, site_url, edited_site):
    page = open_page(viewport=DESKTOP)
    page.goto(site_url + EDITED_FOLDER + "members/index.html")
    members = edited_site.members
    # Up to two links a member (sidebar and card), after the page's other stops.
    stops = tab_through(page, limit=120 + 2 * len(members))
    card_links = [s for s in stops if "sd-stretched-link" in s["cls"]]
    assert sorted({s["href"] for s in card_links}) == sorted(websites(members))
    assert all(s["ring"] for s in card_links)
