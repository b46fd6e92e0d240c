"""No request leaves the site's origin, and the phone layout works."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_fixtures import MEMBER_COUNT, NAVIGATION_LINKS, SITE_PAGES, VIEWPORTS


def test_no_page_requests_anything_from_another_origin(open_page, site_url):
    origin = urlsplit(site_url).netloc
    requested = []
    for device, viewport in VIEWPORTS.items():
        page = open_page(viewport=viewport)
        page.on("request", lambda request: requested.append(request.url))
        for path in SITE_PAGES:
            page.goto(site_url + path, wait_until="networkidle")
            page.locator(".theme-toggle:visible").first.click()
            if device == "phone":
                page.click("label.nav-overlay-icon")
            page.wait_for_load_state("networkidle")
        page.goto(site_url + "search.html?q=court", wait_until="networkidle")
        page.wait_for_selector("#search-results .search-summary, #search-results p")
        page.close()
    assert requested
    foreign = [
        url
        for url in requested
        if urlsplit(url).scheme not in {"data", "blob", "about"} and urlsplit(url).netloc != origin
    ]
    assert foreign == []


@pytest.mark.parametrize("path", SITE_PAGES)
def test_no_page_scrolls_sideways_on_a_phone(open_page, language_url, path):
    page = open_page(viewport=VIEWPORTS["phone"])
    page.goto(language_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def test_the_menu_button_opens_the_drawer_with_navigation_and_members(open_page, site_url):
    page = open_page(viewport=VIEWPORTS["phone"])
    page.goto(site_url + "index.html")
    members = page.locator(".sidebar-drawer .sidebar-member-card")
    assert members.count() == MEMBER_COUNT
    assert not members.first.is_visible() or page.evaluate(
        "document.querySelector('.sidebar-drawer').getBoundingClientRect().right <= 0"
    )
    page.click("label.nav-overlay-icon")
    page.wait_for_function(
        "document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0"
    )
    nav = page.locator(".sidebar-drawer .sidebar-tree a")
    assert nav.count() == NAVIGATION_LINKS
    assert nav.first.is_visible()
    for index in range(members.count()):
        card = members.nth(index)
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        assert card.is_visible()
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS["phone"]["width"]
