"""No request leaves the site's origin, and the phone layout works."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_fixtures import NAVIGATION_LINKS, PHONE, VIEWS, View


def test_no_page_requests_anything_from_another_origin(look, open_page, site_url):
    """On every view, with the theme switched and the phone menu opened, and on a search."""
    origin = urlsplit(site_url).netloc
    requested = {str(view): look(view).requests for view in VIEWS}
    page = open_page()
    search = []
    page.on("request", lambda request: search.append(request.url))
    page.goto(site_url + "search.html?q=court")
    page.wait_for_selector("#search-results .search-summary, #search-results p")
    requested["search"] = search
    assert all(requested.values())
    foreign = {
        view: [
            url
            for url in urls
            if urlsplit(url).scheme not in {"data", "blob", "about"}
            and urlsplit(url).netloc != origin
        ]
        for view, urls in requested.items()
    }
    assert {view: urls for view, urls in foreign.items() if urls} == {}


@pytest.mark.parametrize("view", [v for v in VIEWS if v.device == "phone"], ids=str)
def test_no_page_scrolls_sideways_on_a_phone(look, view: View):
    assert look(view).scroll_width <= PHONE["width"]


def test_the_menu_button_opens_the_drawer_with_navigation_and_members(tab, site, site_url):
    page = tab("phone")
    page.goto(site_url + "index.html")
    members = page.locator(".sidebar-drawer .sidebar-member-card")
    assert members.count() == len(site.members)
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
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
