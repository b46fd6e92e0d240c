"""Page weight: what each page loads (HTML, CSS, JS, images), and that trimming hides nothing."""

from __future__ import annotations

import pytest
from browser_fixtures import SITE_PAGES, VIEWPORTS
from icjc_lean_assets import FULL_CSS, TRIMMED_CSS

#: Bytes each page loads, uncompressed; set from measurement with ~3% headroom.
BUDGET = {
    "index.html": 112_000,
    "about.html": 107_500,
    "members/index.html": 109_500,
    "search.html": 144_000,
    "genindex.html": 103_000,
}


def loaded_bytes(browser, url) -> int:
    page = browser.new_page()
    sizes = {}
    page.on(
        "requestfinished",
        lambda request: sizes.__setitem__(request.url, len(request.response().body())),
    )
    page.goto(url, wait_until="networkidle")
    page.close()
    return sum(sizes.values())


def test_home_page_is_within_120_kb(browser, site_url):
    assert loaded_bytes(browser, site_url + "index.html") <= 120_000


@pytest.mark.parametrize("path", SITE_PAGES)
def test_page_weight_budget(browser, site_url, path):
    assert loaded_bytes(browser, site_url + path) <= BUDGET[path]


def render(browser, url, viewport, stylesheet=None) -> bytes:
    page = browser.new_page(viewport=viewport)
    if stylesheet is not None:
        page.route(
            f"**/{TRIMMED_CSS}*",
            lambda route: route.fulfill(body=stylesheet, content_type="text/css"),
        )
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    shot = page.screenshot(full_page=True, animations="disabled", caret="hide")
    page.close()
    return shot


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", ["index.html", "about.html", "members/index.html"])
def test_trimmed_stylesheet_renders_exactly_like_the_full_one(browser, site_url, path, device):
    full = FULL_CSS.read_text(encoding="utf-8")
    trimmed = render(browser, site_url + path, VIEWPORTS[device])
    assert render(browser, site_url + path, VIEWPORTS[device], full) == trimmed
