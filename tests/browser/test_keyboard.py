"""Keyboard users reach the skip link, navigation, theme toggle and member links, and see focus."""

from __future__ import annotations

from browser_fixtures import MEMBERS_WITH_URLS
from conftest import read_members

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


def test_tab_order_reaches_everything_with_a_visible_ring(open_page, urls_site_url):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(urls_site_url + "about.html")
    stops = tab_through(page)
    assert "skip-to-content" in stops[0]["cls"]
    hrefs = [stop["href"] for stop in stops]
    assert "members/index.html" in hrefs
    assert any("theme-toggle" in stop["cls"] for stop in stops)
    for url in MEMBERS_WITH_URLS.values():
        assert url in hrefs
    member_stops = [stop for stop in stops if stop["href"] in MEMBERS_WITH_URLS.values()]
    assert all("sidebar-member-card" in stop["cls"] for stop in member_stops)
    unringed = [stop for stop in stops if not stop["ring"] and stop["tag"] != "body"]
    assert not unringed, [(stop["tag"], stop["cls"], stop["text"]) for stop in unringed]


def test_member_cards_on_the_members_page_are_focusable_links(
    open_page, site_with_urls, urls_site_url
):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(urls_site_url + "members/index.html")
    members = read_members(site_with_urls.srcdir)
    # Up to two links a member (sidebar and card), after the page's other stops.
    stops = tab_through(page, limit=120 + 2 * len(members))
    card_links = [s for s in stops if "sd-stretched-link" in s["cls"]]
    websites = {m["url"] for m in members if m.get("url")}
    assert set(MEMBERS_WITH_URLS.values()) <= websites
    assert sorted({s["href"] for s in card_links}) == sorted(websites)
    assert all(s["ring"] for s in card_links)


def test_every_language_tabs_from_the_skip_link_through_the_switch_with_rings(
    open_page, language_url
):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(language_url + "about.html")
    stops = tab_through(page)
    assert "skip-to-content" in stops[0]["cls"]
    assert any("icjc-language-switch" in stop["cls"] for stop in stops)
    assert any("theme-toggle" in stop["cls"] for stop in stops)
    unringed = [stop for stop in stops if not stop["ring"] and stop["tag"] != "body"]
    assert not unringed, [(stop["tag"], stop["cls"], stop["text"]) for stop in unringed]
