"""Browser fixtures: Debian's Chromium driven by Playwright, and the built sites served locally.

Loaded by ``tests/conftest.py``; they apply to the tests in ``tests/browser/``. One browser
and one local server serve the whole session: English at the root, French in ``fr/`` (as
``make html-all`` lays them out) and, in ``edited/``, the site as CONTRIBUTING's recipes
leave it, which always has a member with a website.

Each view of :data:`VIEWS` (every page in both languages, light and dark at desktop width,
and two pages at phone width) is opened once; :func:`look` keeps what the tests read from it.
The views of one width and colour scheme share a tab (:func:`tab`), each opened as on a
first visit (no cache, no remembered theme): a new tab per view started cold, and cost about
a second more per view.

Without Chromium these tests are skipped locally, with the reason; in CI (``CI`` set) a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import HTML_PAGES, PAGES, REPO, Built

sys.path.insert(0, str(REPO / "tests" / "tools"))
from browser import CHROMIUM, LAUNCH_ARGS, chromium_available
from serve import serve

#: Every page of the site, as a visitor reaches it.
SITE_PAGES = HTML_PAGES
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: Where each language's pages are served, below the English site (as `make html-all` does).
LANGUAGE_FOLDERS = {"en": "", "fr": "fr/"}
#: The site as CONTRIBUTING's recipes leave it, served beside the real one.
EDITED_FOLDER = "edited/"
#: The pages also opened at phone width: the home page and the member list, the two widest.
PHONE_PAGES = ("index.html", "members/index.html")
#: Links in every page's navigation: every page but the home page.
NAVIGATION_LINKS = len(PAGES) - 1


@dataclass(frozen=True)
class View:
    """One page, in one language, colour scheme and width."""

    language: str
    scheme: str
    device: str
    path: str

    @property
    def viewport(self) -> dict[str, int]:
        return PHONE if self.device == "phone" else DESKTOP

    def __str__(self) -> str:
        return f"{self.language}-{self.device}-{self.scheme}-{self.path}"


VIEWS = [
    *(
        View(language, scheme, "desktop", path)
        for language in LANGUAGE_FOLDERS
        for scheme in ("light", "dark")
        for path in SITE_PAGES
    ),
    *(
        View(language, "light", "phone", path)
        for language in LANGUAGE_FOLDERS
        for path in PHONE_PAGES
    ),
]


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
def served(site_fr: Built, edited_site: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the server serves: both languages, and the edited site in ``edited/``."""
    folder = tmp_path_factory.mktemp("served")
    shutil.copytree(site_fr.outdir.parent, folder, dirs_exist_ok=True)
    shutil.copytree(edited_site.outdir, folder / EDITED_FOLDER)
    return folder


@pytest.fixture(scope="session")
def site_url(served: Path) -> Iterator[str]:
    """The address of the English site (the French one is in ``fr/``), on 127.0.0.1."""
    with serve(served) as url:
        yield url


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh browser contexts, all closed when the test ends."""
    contexts = []

    def open_(**options: Any) -> Any:
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@dataclass
class Visit:
    """What one view showed: requests, axe's findings, width, images, style differences."""

    requests: list[str] = field(default_factory=list)
    #: Same-origin files loaded by the time the page and its fonts were ready.
    loaded: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    scroll_width: int = 0
    images: list[str] = field(default_factory=list)


def file_of(served: Path, url: str) -> Path | None:
    """The served file behind a same-site address, or None for another origin."""
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        return None
    path = served / parts.path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


@pytest.fixture(scope="session")
def tab(browser: Any) -> Iterator[Callable[..., Any]]:
    """A tab for each width and colour scheme, kept for the session.

    Each page opened in it starts as on a first visit: the theme a switch stored is
    forgotten, and every file the page uses is requested again (Playwright turns the cache
    off for a page with routes: one that lets every request through).
    """
    tabs: dict[tuple[str, str], Any] = {}

    def tab_(device: str = "desktop", scheme: str = "light") -> Any:
        if (device, scheme) not in tabs:
            context = browser.new_context(
                viewport=PHONE if device == "phone" else DESKTOP, color_scheme=scheme
            )
            context.add_init_script("localStorage.clear()")
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_())
            tabs[device, scheme] = page
        return tabs[device, scheme]

    yield tab_
    for page in tabs.values():
        page.context.close()


@pytest.fixture(scope="session")
def look(tab: Callable[..., Any], site_url: str) -> Callable[[View], Visit]:
    """Open a view once (the first test to ask), run every check on that load, keep the result."""
    visits: dict[View, Visit] = {}

    def look_(view: View) -> Visit:
        if view in visits:
            return visits[view]
        visit = Visit()
        page = tab(view.device, view.scheme)

        def note(request: Any) -> None:
            visit.requests.append(request.url)

        page.on("request", note)
        try:
            page.goto(site_url + LANGUAGE_FOLDERS[view.language] + view.path)
            settle(page)
            visit.loaded = list(visit.requests)
            visit.violations = violations(page)
            visit.scroll_width = page.evaluate("document.documentElement.scrollWidth")
            visit.images = content_images(page)
            # Whatever the theme switch or the phone menu would fetch counts as requested.
            page.locator(".theme-toggle:visible").first.click()
            if view.device == "phone":
                page.click("label.nav-overlay-icon")
            settle(page)
        finally:
            page.remove_listener("request", note)
        visits[view] = visit
        return visit

    return look_


# -- What is checked on each view ------------------------------------------------------

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE = Axe()


def violations(page: Any) -> list[str]:
    """axe-core's findings on the page as it is now, one line per element.

    Only violations are listed in full (``resultTypes``): every rule still runs, and the
    passes no test reads are not gathered and sent back.
    """
    result = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": RULE_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]


def settle(page: Any) -> None:
    """Wait for the page's fonts and two frames: what the page has asked for by then counts."""
    page.evaluate(
        "() => document.fonts.ready.then(() => new Promise("
        "r => requestAnimationFrame(() => requestAnimationFrame(r))))"
    )


def content_images(page: Any) -> list[str]:
    """The addresses of the images in the page's own content (its article)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('article img')].map(i => i.currentSrc || i.src)"
    )
