"""The real site: its pages, the client's About text, navigation and page furniture."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import EXAMPLE_REPOSITORY, HTML_PAGES, PAGES, soup

DATA = Path(__file__).parent / "data"
ABOUT_HEADINGS = [
    "International Criminal Justice Consortium (ICJC)",
    "Expansive Resources, Varied Perspectives",
    "Independent and Flexible",
    "Sustainable and Efficient Model of Support",
]


def normalise(text: str) -> str:
    return " ".join(text.split())


def client_about() -> tuple[list[str], list[str]]:
    """The client's About text: its headings, and its sentences in order."""
    lines = (DATA / "client-about.txt").read_text(encoding="utf-8").splitlines()
    headings, paragraphs = lines[0::2], lines[1::2]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=\.)\s+", p) if s]
    return headings, sentences


def test_the_site_builds_without_a_single_warning(site):
    assert "WARNING" not in site.warnings
    assert "ERROR" not in site.warnings


def test_only_the_intended_pages_are_built(site):
    built = {str(p.relative_to(site.outdir)) for p in site.outdir.rglob("*.html")}
    assert built == set(HTML_PAGES)
    assert not (site.outdir / "README.html").exists()
    assert not list(site.outdir.glob("_sources/**/*.txt"))


def test_about_holds_every_sentence_of_the_client_text_in_order(site):
    headings, sentences = client_about()
    assert headings == ABOUT_HEADINGS
    article = site.page("about").select_one("article")
    assert article.select_one("h1").get_text(strip=True).rstrip("¶") == (
        "About the International Criminal Justice Consortium"
    )
    assert [h.get_text(strip=True).rstrip("¶") for h in article.select("h2")] == headings
    text = normalise(article.get_text(" "))
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)
    assert "hyperlinks" not in text
    assert '"' not in text


def test_every_page_is_reachable_from_the_navigation(site):
    start = site.outdir / "index.html"
    seen, queue = set(), [start]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        for link in soup(page).select(".sidebar-tree a.reference.internal"):
            target = urljoin(page.as_uri(), link["href"]).split("#")[0]
            queue.append(Path(target.removeprefix("file://")))
    assert {str(p.relative_to(site.outdir)) for p in seen} == {f"{name}.html" for name in PAGES}


def test_home_page_gives_purpose_offers_and_routes(site):
    page = site.page("index")
    article = page.select_one("article")
    assert article.select_one("h1").get_text(strip=True).rstrip("¶") == (
        "International Criminal Justice Consortium"
    )
    text = normalise(article.get_text(" "))
    for offer in (
        "Practical legal skills workshops",
        "Exchanges of expertise retreats",
        "Comparative legal analysis",
    ):
        assert offer in text
    buttons = {a["href"] for a in article.select("a.sd-btn")}
    assert buttons == {"about.html", "members/index.html"}


def test_each_page_has_its_own_description_and_title(site):
    descriptions = set()
    for name in PAGES:
        page = site.page(name)
        meta = page.select('meta[name="description"]')
        assert len(meta) == 1, name
        assert 50 < len(meta[0]["content"]) <= 300
        descriptions.add(meta[0]["content"])
        assert page.select_one("title").get_text().strip()
    assert len(descriptions) == len(PAGES)
    for name in ("search", "genindex"):
        assert len(site.page(name).select('meta[name="description"]')) == 1


def test_logo_and_favicon_are_our_own_files(site):
    page = site.page("index")
    favicon = page.select_one('link[rel="shortcut icon"]')["href"]
    logo = page.select_one("img.sidebar-logo")
    assert (site.outdir / favicon).is_file()
    assert (site.outdir / logo["src"]).is_file()
    assert logo.get("alt")


def test_footer_speaks_for_the_consortium(site):
    for name in PAGES:
        footer = site.page(name).select_one("footer")
        text = normalise(footer.get_text(" "))
        assert "International Criminal Justice Consortium (ICJC)" in text
        assert "Made with" not in text
        assert "Furo" not in text


def test_edit_this_page_points_at_the_source_on_main(site):
    for name in PAGES:
        link = site.page(name).select_one('a[rel="edit"]')
        assert link["href"] == f"{EXAMPLE_REPOSITORY}/edit/main/{name}.md"


def test_the_members_page_shows_the_twelve_client_members(site):
    cards = site.page("members/index").select(".icjc-member-card")
    assert len(cards) == 12
    first, last = cards[0], cards[-1]
    assert first.select_one(".icjc-member-name").get_text() == "American Bar Association"
    assert first.select_one(".icjc-member-location").get_text() == "Chicago, Illinois, USA"
    assert last.select_one(".icjc-member-location").get_text() == "London, United Kingdom"
    assert not site.page("members/index").select(".icjc-member-card a")
