"""Browser fixtures: Debian's Chromium driven by Playwright, and the built sites served locally.

Loaded by ``tests/conftest.py``; they apply to the tests in ``tests/browser/``.

Without Chromium these tests are skipped locally, with the reason; in CI (``CI`` set) a
missing browser is a failure.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import HTML_PAGES, PAGES, REPO, Built, copy_site, read_members, sphinx_build

sys.path.insert(0, str(REPO / "tests" / "tools"))
from browser import CHROMIUM, LAUNCH_ARGS, chromium_available
from serve import serve

#: Every page of the site, as a visitor reaches it.
SITE_PAGES = HTML_PAGES
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: Where each language's pages are served, below the English site (as `make html-all` does).
LANGUAGE_FOLDERS = {"en": "", "fr": "fr/"}
#: Website addresses given to the first two members for the keyboard tests (test data).
MEMBERS_WITH_URLS = {m["id"]: f"https://{m['id']}.example.org/" for m in read_members()[:2]}
#: Links in every page's navigation: every page but the home page.
NAVIGATION_LINKS = len(PAGES) - 1
MEMBER_COUNT = len(read_members())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    browser_dir = Path(__file__).parent / "browser"
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.usefixtures("require_chromium"))


@pytest.fixture
def require_chromium() -> None:
    if chromium_available():
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is required in CI but was not found at {CHROMIUM}")
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def site_url(site: Built):
    """The real site, served on 127.0.0.1."""
    with serve(site.outdir) as url:
        yield url


@pytest.fixture(params=sorted(LANGUAGE_FOLDERS))
def language_url(request: pytest.FixtureRequest, site_url: str) -> str:
    """The address of one language's site: each test using it runs in every language."""
    if request.param == "en":
        return site_url
    return request.getfixturevalue("both_languages_url") + LANGUAGE_FOLDERS[request.param]


@pytest.fixture(scope="session")
def both_languages_url(site_fr: Built):
    """English and French side by side, served on 127.0.0.1."""
    with serve(site_fr.outdir.parent) as url:
        yield url


@pytest.fixture(scope="session")
def site_with_urls(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real site, with website addresses given for two members."""
    srcdir = copy_site(tmp_path_factory.mktemp("urls") / "src")
    members = srcdir / "members" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    for member_id, url in MEMBERS_WITH_URLS.items():
        start = text.index(f"  - id: {member_id}\n")
        line = text.index("    url:", start)
        end = text.index("\n", line)
        text = text[:line] + f"    url: {url}" + text[end:]
    members.write_text(text, encoding="utf-8")
    outdir = srcdir.parent / "html"
    result = sphinx_build(srcdir, outdir, "-W", "-n")
    assert result.returncode == 0, result.stderr
    return Built(srcdir, outdir, result.stderr)


@pytest.fixture(scope="session")
def urls_site_url(site_with_urls: Built):
    with serve(site_with_urls.outdir) as url:
        yield url


@pytest.fixture
def open_page(browser):
    """Open pages in fresh browser contexts, all closed when the test ends."""
    contexts = []

    def open_(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
