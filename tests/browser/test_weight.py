"""Page weight: the site's own files each page loads, and each image of a page's content."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_fixtures import VIEWS, View, file_of
from icjc.members.rules import MAX_IMAGE_BYTES

#: The largest image a page may show, in KB: the build's own limit (CONTRIBUTING names it).
IMAGE_LIMIT_KB = MAX_IMAGE_BYTES // 1000
#: The site's own files a page loads besides its HTML and content images (styles, scripts,
#: logo), in KB, uncompressed: 161 KB in English and 165 KB in French when measured (Furo's
#: and sphinx-design's stylesheets; about 30 KB compressed), which leaves room for growth.
ASSETS_LIMIT_KB = 180
#: The search page also loads the search code and stemmer: 197 and 203 KB when measured.
#: Its index grows with the text of the pages and is left out, as the pages' own HTML is.
SEARCH_ASSETS_LIMIT_KB = 220
#: A page's own HTML, in KB: its text, and on the member list a card per member.
HTML_LIMIT_KB = 100

KB = 1000
#: One view of each page, as a visitor on a desktop first sees it.
PAGE_VIEWS = [v for v in VIEWS if v.device == "desktop" and v.scheme == "light"]


def too_big(sizes: dict[str, int], limit_kb: int) -> list[str]:
    """``photo.png is 250 KB, the limit is 200 KB`` for each file over the limit."""
    return [
        f"{name} is {round(size / KB)} KB, the limit is {limit_kb} KB"
        for name, size in sizes.items()
        if size > limit_kb * KB
    ]


def sizes_of(served: Path, urls: list[str]) -> dict[str, int]:
    found = {}
    for url in urls:
        path = file_of(served, url)
        if path is not None and path.is_file():
            found[str(path.relative_to(served))] = path.stat().st_size
    return found


@pytest.mark.parametrize("view", PAGE_VIEWS, ids=str)
def test_each_image_of_the_page_is_within_the_limit(look, served, view: View):
    images = sizes_of(served, look(view).images)
    assert too_big({Path(name).name: size for name, size in images.items()}, IMAGE_LIMIT_KB) == []


@pytest.mark.parametrize("view", PAGE_VIEWS, ids=str)
def test_the_site_s_own_files_and_the_html_are_within_budget(look, served, view: View):
    visit = look(view)
    loaded = sizes_of(served, visit.loaded)
    page = str(file_of(served, visit.loaded[0]).relative_to(served))
    html = {page: loaded.pop(page)}
    for image in sizes_of(served, visit.images):
        loaded.pop(image, None)
    is_search = view.path == "search.html"
    if is_search:
        loaded = {
            name: size for name, size in loaded.items() if Path(name).name != "searchindex.js"
        }
    assert too_big(html, HTML_LIMIT_KB) == []
    limit = SEARCH_ASSETS_LIMIT_KB if is_search else ASSETS_LIMIT_KB
    assert too_big({f"the site's own files on {view.path}": sum(loaded.values())}, limit) == []
