"""axe-core on every page, at both widths, in light and dark mode, and with the drawer open."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_fixtures import SITE_PAGES, VIEWPORTS

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE = Axe()


def violations(page) -> list[str]:
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": RULE_TAGS}})
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]


def test_the_axe_engine_is_the_pinned_one(open_page, site_url):
    page = open_page()
    page.goto(site_url + "index.html")
    assert AXE.run(page).response["testEngine"]["version"] == "4.12.1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_no_violations_on_any_page(open_page, language_url, device, scheme):
    page = open_page(viewport=VIEWPORTS[device], color_scheme=scheme)
    found = {}
    for path in SITE_PAGES:
        page.goto(language_url + path)
        found[path] = violations(page)
    assert found == {path: [] for path in SITE_PAGES}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_violations_with_the_phone_drawer_open(open_page, language_url, scheme):
    page = open_page(viewport=VIEWPORTS["phone"], color_scheme=scheme)
    page.goto(language_url + "members/index.html")
    page.click("label.nav-overlay-icon")
    page.wait_for_function(
        "document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0"
    )
    assert violations(page) == []


def test_no_violations_with_member_links(open_page, urls_site_url):
    page = open_page()
    page.goto(urls_site_url + "members/index.html")
    assert violations(page) == []
