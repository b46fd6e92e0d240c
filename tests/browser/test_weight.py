"""Page weight: what each page loads (HTML, CSS, JS, images), and that trimming hides nothing."""

from __future__ import annotations

import pytest
from browser_fixtures import SITE_PAGES, VIEWPORTS
from icjc_lean_assets import TRIMMED

#: Bytes each page loads besides its own HTML (styles, scripts, images, the search index),
#: uncompressed: measured with the HTML included (members page 117.7 KB, search 137.6 KB
#: with its index) plus about 3% headroom. The HTML grows with the content, so it has a
#: budget of its own.
ASSETS_BUDGET = 121_000
SEARCH_ASSETS_BUDGET = 141_500
HTML_BUDGET = 60_000


def loaded_sizes(open_page, url) -> dict[str, int]:
    page = open_page()
    sizes = {}
    page.on(
        "requestfinished",
        lambda request: sizes.__setitem__(request.url, len(request.response().body())),
    )
    page.goto(url, wait_until="networkidle")
    page.close()
    return sizes


def loaded_bytes(open_page, url) -> int:
    return sum(loaded_sizes(open_page, url).values())


def test_home_page_is_within_120_kb(open_page, site_url):
    assert loaded_bytes(open_page, site_url + "index.html") <= 120_000


@pytest.mark.parametrize("path", SITE_PAGES)
def test_page_weight_budget(open_page, site_url, path):
    sizes = loaded_sizes(open_page, site_url + path)
    html = sizes.pop(site_url + path)
    assert html <= HTML_BUDGET
    budget = SEARCH_ASSETS_BUDGET if path == "search.html" else ASSETS_BUDGET
    assert sum(sizes.values()) <= budget


def serve_file(source):
    css = source.read_text(encoding="utf-8")
    return lambda route: route.fulfill(body=css, content_type="text/css")


#: The resolved value of every standard property, for every element and every generated
#: ::before/::after box. Custom properties (--name) are left out: they only matter through
#: the standard properties that use them, which are compared.
COMPUTED_STYLES = """() => {
  const styles = [];
  for (const element of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(element, pseudo);
      if (pseudo && style.content === 'none') continue;
      const values = [];
      for (const name of style) {
        if (!name.startsWith('--')) values.push(name + ':' + style.getPropertyValue(name));
      }
      styles.push(element.tagName + (pseudo || '') + ' ' + values.join(';'));
    }
  }
  return styles;
}"""


def computed_styles(open_page, url, viewport, full_stylesheets=False) -> list[str]:
    """Every element's computed style, with the trimmed stylesheets or their originals."""
    page = open_page(viewport=viewport)
    if full_stylesheets:
        for source, trimmed_name, _ in TRIMMED.values():
            page.route(f"**/{trimmed_name}*", serve_file(source))
    page.goto(url, wait_until="networkidle")
    return page.evaluate(COMPUTED_STYLES)


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", sorted(set(SITE_PAGES) - {"search.html", "genindex.html"}))
def test_trimmed_stylesheets_style_every_element_like_the_originals(
    open_page, site_url, path, device
):
    """What a visitor sees is what the styles compute to; trimming must change none of it."""
    trimmed = computed_styles(open_page, site_url + path, VIEWPORTS[device])
    full = computed_styles(open_page, site_url + path, VIEWPORTS[device], full_stylesheets=True)
    assert len(trimmed) == len(full)
    assert [pair for pair in zip(trimmed, full, strict=True) if pair[0] != pair[1]] == []
