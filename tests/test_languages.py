"""The French site, built the way Read the Docs builds it (``-D language=fr``), and its links
to the English one. What the tests expect is read from the catalogs, never written here."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import snowballstemmer
from babel.messages.pofile import read_po
from conftest import (
    EXAMPLE_REPOSITORY,
    EXAMPLE_SITE,
    HTML_PAGES,
    PAGES,
    REPO,
    Built,
    build_site,
    read_members,
    soup,
)
from test_sharing import own_description

CATALOGS = REPO / "locale" / "fr" / "LC_MESSAGES"
_LANGUAGE_TAG = re.compile(r"\[([^\]]*)\]\{\.language-[a-z]+\}")
#: Attributes that hold words a visitor reads or hears.
WORD_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def translated_words(*names: str) -> dict[str, str]:
    """English -> French for the entries whose French differs, in the named catalogs."""
    words = {}
    for name in names:
        if not (CATALOGS / f"{name}.po").is_file():
            continue  # a page no one has translated yet: shown in English, nothing to check
        with (CATALOGS / f"{name}.po").open("rb") as file:
            for message in read_po(file):
                plain = _LANGUAGE_TAG.sub(r"\1", str(message.string))
                if message.id and message.string and plain != message.id:
                    words[str(message.id)] = str(message.string)
    return words


def texts_and_attributes(page) -> set[str]:
    """Every text a page shows or gives to assistive technology, whitespace collapsed."""
    for hidden in page(["script", "style"]):
        hidden.decompose()
    found = {" ".join(text.split()) for text in page.stripped_strings}
    found |= {
        " ".join(str(element[name]).split())
        for element in page.find_all(True)
        for name in WORD_ATTRIBUTES
        if element.has_attr(name)
    }
    found |= {meta["content"] for meta in page.find_all("meta", attrs={"name": "description"})}
    found |= {" ".join(block.get_text().split()) for block in page.find_all(["p", "h1", "h2"])}
    return found


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_french_page_is_marked_french(site_fr: Built, path):
    assert soup(site_fr.outdir / path).html["lang"] == "fr"


@pytest.mark.parametrize("path", HTML_PAGES)
def test_no_english_word_of_the_theme_or_our_extensions_is_left(site_fr: Built, path):
    english = translated_words("sphinx", "icjc")
    left = texts_and_attributes(soup(site_fr.outdir / path)) & set(english)
    assert left == set()


@pytest.mark.parametrize("docname", PAGES)
def test_every_english_sentence_of_a_page_is_replaced(site_fr: Built, docname):
    english = translated_words(docname)
    shown = texts_and_attributes(site_fr.page(docname))
    assert shown & set(english) == set()


def test_english_names_on_french_pages_are_marked_english(site_fr: Built):
    home = site_fr.page("index")
    assert home.find("h1").find("span", lang="en").get_text() == soup_project_name()
    assert home.select_one(".sidebar-brand-text")["lang"] == "en"
    assert home.select_one(".icjc-footer-name")["lang"] == "en"


def soup_project_name() -> str:
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    return re.search(r'^project = "(.+)"$', conf, re.MULTILINE).group(1)


@pytest.mark.parametrize("path", HTML_PAGES)
def test_the_switch_leads_to_the_same_page_in_the_other_language_and_back(
    site: Built, site_fr: Built, path
):
    """Offline, as ``make html-all`` lays the sites out: English at the root, French in fr/."""
    english, french = site_fr.outdir.parent / path, site_fr.outdir / path
    to_french = soup(english).select("a.icjc-language-switch")
    to_english = soup(french).select("a.icjc-language-switch")
    assert [(a["hreflang"], a["lang"]) for a in to_french] == [("fr", "fr")]
    assert [(a["hreflang"], a["lang"]) for a in to_english] == [("en", "en")]
    if path == "404.html":  # served at any address: its links start from the site's root
        assert to_english[0]["href"].startswith("/")
        return
    assert resolve(english, to_french[0]["href"]) == french.resolve()
    assert resolve(french, to_english[0]["href"]) == english.resolve()


def resolve(page: Path, href: str) -> Path:
    return (page.parent / href.split("#")[0]).resolve()


@pytest.mark.parametrize("path", HTML_PAGES)
def test_without_the_sites_language_address_the_head_lists_no_alternates(
    site: Built, site_fr: Built, path
):
    """Search engines ignore relative alternates: only full addresses are listed (below)."""
    for built in (site, site_fr):
        assert soup(built.outdir / path).select("link[hreflang]") == []


@pytest.fixture(scope="module")
def read_the_docs(site: Built, tmp_path_factory) -> dict[str, Path]:
    """Both projects as Read the Docs builds them: the language and address from it."""
    built = {}
    srcdir = site.srcdir
    for language in ("en", "fr"):
        address = f"{EXAMPLE_SITE}{language}/latest/"
        builddir = tmp_path_factory.mktemp(f"rtd-{language}")
        result = build_site(srcdir, builddir, language=language, site_url=address)
        assert "WARNING" not in result.warnings
        built[language] = result.outdir
    return built


@pytest.mark.parametrize("path", [f"{name}.html" for name in PAGES])
def test_read_the_docs_canonical_alternates_and_switch(read_the_docs, path):
    for language, other in (("en", "fr"), ("fr", "en")):
        head = soup(read_the_docs[language] / path)
        here = f"{EXAMPLE_SITE}{language}/latest/{path}"
        there = f"{EXAMPLE_SITE}{other}/latest/{path}"
        assert head.select_one('link[rel="canonical"]')["href"] == here
        alternates = {
            link["hreflang"]: link["href"]
            for link in head.select('link[rel="alternate"][hreflang]')
        }
        assert alternates == {
            language: here,
            other: there,
            "x-default": f"{EXAMPLE_SITE}en/latest/{path}",
        }
        switch = head.select_one("a.icjc-language-switch")
        assert (switch["href"], switch["hreflang"], switch["lang"]) == (there, other, other)


def test_each_language_has_its_sitemap_with_every_address_of_each_page(read_the_docs):
    """Each sitemap lists its own language's pages, each with its address in every language."""
    namespace = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    for language, outdir in read_the_docs.items():
        urls = ET.parse(outdir / "sitemap.xml").getroot().findall("s:url", namespace)
        pages = sorted(url.find("s:loc", namespace).text for url in urls)
        assert pages == sorted(f"{EXAMPLE_SITE}{language}/latest/{name}.html" for name in PAGES)
        for url in urls:
            page = url.find("s:loc", namespace).text.removeprefix(
                f"{EXAMPLE_SITE}{language}/latest/"
            )
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link[@rel='alternate']", namespace)
            }
            assert alternates == {
                other: f"{EXAMPLE_SITE}{other}/latest/{page}" for other in read_the_docs
            }


def test_french_sharing_previews_are_french(read_the_docs):
    for docname in PAGES:
        page = soup(read_the_docs["fr"] / f"{docname}.html")
        tags = {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}
        if own_description(REPO / f"{docname}.md"):  # shared as the catalog translates it
            description = page.select_one('meta[name="description"]')["content"]
            assert tags["og:description"] == description, docname
        assert (tags["og:locale"], tags["og:locale:alternate"]) == ("fr_FR", "en_GB")


def test_read_the_docs_404_page_links_stay_in_their_language(read_the_docs):
    page = soup(read_the_docs["fr"] / "404.html")
    links = [a["href"] for a in page.select("article a")]
    assert links and all(href.startswith("/fr/latest/") for href in links)


def test_french_search_uses_the_french_stemmer(site_fr: Built):
    """Sphinx indexes French pages with Snowball's French stemmer."""
    assert "FrenchStemmer" in (site_fr.outdir / "_static/language_data.js").read_text()
    script = (site_fr.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    terms = set(index["terms"]) | set(index["titleterms"])
    words = {
        word.lower()
        for word in re.findall(r"\w{7,}", site_fr.page("about").find("article").get_text())
    }
    french = snowballstemmer.stemmer("french")
    english = snowballstemmer.stemmer("english")
    differing = {w for w in words if french.stemWord(w) != english.stemWord(w)}
    assert differing, "the page should have words the two stemmers treat differently"
    assert {french.stemWord(w) for w in differing} <= terms


def test_member_data_is_published_in_french(site_fr: Built):
    """Locations in French (English where no French is given), in cards, sidebar, map,
    members.json and the JSON-LD, each marked with its language."""
    members = read_members(language="fr")
    # French addresses put the region in brackets: « Chicago (Illinois), États-Unis ».
    locations = [
        f"{m['city']} ({m['region']}), {m['country']}"
        if m.get("region")
        else f"{m['city']}, {m['country']}"
        for m in members
    ]
    page = site_fr.page("members/index")
    assert [p.get_text() for p in page.select(".icjc-member-location")] == locations
    assert [s.get_text() for s in page.select(".sidebar-member-location")] == locations
    # French lists separated by semicolons take a narrow no-break space before each one.
    legend = " ".join(item.get_text() for item in page.select(".icjc-map-legend li"))
    description = page.select_one("svg.icjc-map desc").get_text()
    for text in (legend, description):
        assert re.search(r"[^\u202f];", text) is None, text
    published = json.loads((site_fr.outdir / "members.json").read_text(encoding="utf-8"))
    assert published["inLanguage"] == "fr"
    assert [m["country"] for m in published["members"]] == [m["country"] for m in members]
    script = page.select_one('script[type="application/ld+json"]').string
    data = json.loads(script)
    assert [m["address"]["addressCountry"] for m in data["member"]] == [
        m.get("country_code", m["country"]) for m in members
    ]


@pytest.mark.parametrize(("built", "language"), [("site", "en"), ("site_fr", "fr")])
def test_names_in_the_other_language_carry_lang(request, built, language):
    """WCAG 3.1.2: a name not in the page's language says which language it is in."""
    page = request.getfixturevalue(built).page("members/index")
    expected = [
        m["name_language"] if m["name_language"] != language else None
        for m in read_members(language=language)
    ]
    for selector in (".icjc-member-name", ".sidebar-member-name"):
        assert [name.get("lang") for name in page.select(selector)] == expected, selector


def article_assets(page_file: Path, language_root: str) -> dict[str, list[str]]:
    """The icons, images and link targets of a page's content, in document order.

    Links that start from the language's root (the 404 page's) are read from that root, so
    that ``/fr/index.html`` and ``/index.html`` name the same page.
    """
    article = soup(page_file).find("article")
    return {
        "icons": [" ".join(svg.get("class", [])) for svg in article.find_all("svg")],
        "images": [img["src"] for img in article.find_all("img")],
        "links": [
            a["href"].replace(language_root, "/", 1)
            if a["href"].startswith(language_root)
            else a["href"]
            for a in article.find_all("a", href=True)
        ],
    }


def test_french_pages_keep_every_icon_image_and_link_of_the_english_pages(
    site: Built, site_fr: Built
):
    """Translating words must never lose what is not a word (the home page lost its icons)."""
    english_pages = sorted(
        path.relative_to(site.outdir)
        for path in site.outdir.rglob("*.html")
        if soup(path).find("article")
    )
    assert english_pages
    for path in english_pages:
        english = article_assets(site.outdir / path, "/")
        french = article_assets(site_fr.outdir / path, "/fr/")
        assert french == english, path


@pytest.mark.parametrize("docname", PAGES)
def test_edit_this_page_opens_the_french_catalog_on_french_pages(
    site: Built, site_fr: Built, docname
):
    """The words of a French page live in its catalog, not in the English Markdown."""
    english = site.page(docname).select_one("a[rel=edit]")["href"]
    french = site_fr.page(docname).select_one("a[rel=edit]")["href"]
    assert english == f"{EXAMPLE_REPOSITORY}/edit/main/{docname}.md"
    catalog = f"locale/fr/LC_MESSAGES/{docname}.po"
    if (site_fr.srcdir / catalog).is_file():
        assert french == f"{EXAMPLE_REPOSITORY}/edit/main/{catalog}"
    else:  # a new page, whose catalog comes after its pull request: the translation guide
        assert french == f"{EXAMPLE_REPOSITORY}/blob/main/CONTRIBUTING.md#translations"


def test_untranslated_text_is_marked_english_and_icons_stay(build_root):
    french = build_root("languages-fallback").page("index")
    paragraphs = {p.get_text(): p.get("lang") for p in french.select("article p")}
    assert paragraphs == {"Une phrase traduite.": None, "A sentence not yet translated.": "en"}
    titles = french.select(".sd-card-title")
    assert [len(title.select("svg.sd-octicon")) for title in titles] == [1, 1]
    assert [title.get_text().strip() for title in titles] == [
        "Une carte traduite",
        "A card not yet translated",
    ]
    assert titles[0].find(lang=True) is None
    assert titles[1].find("span", lang="en").get_text() == "A card not yet translated"


def test_untranslated_headings_are_marked_english_in_the_tables_of_contents(build_root):
    """Furo's "On this page" and its site navigation copy a heading's words, not the
    heading: the words carry the mark."""
    built = build_root("languages-fallback")
    french = built.page("index")

    def marked(elements: list) -> dict[str, bool]:
        """Each element's words (a heading's without its ¶ link), and whether marked English."""
        return {
            e.get_text().rstrip("¶"): e.get("lang") == "en" or bool(e.find(lang="en"))
            for e in elements
        }

    headings = {"Un titre traduit": False, "A heading not yet translated": True}
    assert marked(french.select("article h2")) == headings
    assert marked(french.select(".toc-tree a")) == {"Titre de la page": False, **headings}
    assert marked(french.select(".sidebar-tree a")) == {"A page title not yet translated": True}
    untranslated = built.page("untranslated")
    assert marked(untranslated.select("article h1")) == {"A page title not yet translated": True}
    assert untranslated.title.get_text().startswith("A page title not yet translated")  # no tag


def test_the_search_script_takes_the_catalog_s_words(build_root):
    """(A sphinx.po word holding markup stops the build: see test_translations_check.)"""
    built = build_root("languages-fallback")
    script = (built.outdir / "_static" / "translations.js").read_text(encoding="utf-8")
    messages = json.loads(script[script.index("(") + 1 : script.rindex(")")])["messages"]
    assert messages["Preparing search..."] == "On prépare la recherche…"
    assert messages["Hide Search Matches"] == "Cacher les résultats de la recherche"  # Sphinx's


def test_english_pages_carry_no_fallback_mark(build_root):
    english = build_root("languages-fallback", language="en").page("index")
    assert english.select("body [lang]") == []
    assert len(english.select(".sd-card-title svg.sd-octicon")) == 2


def test_the_search_script_speaks_as_the_catalog_says(site_fr: Built):
    """Sphinx's search words (its own translations.js) follow sphinx.po where it has them."""
    script = (site_fr.outdir / "_static" / "translations.js").read_text(encoding="utf-8")
    messages = json.loads(script[script.index("(") + 1 : script.rindex(")")])["messages"]
    ours = translated_words("sphinx")
    shared = set(messages) & set(ours)
    assert shared, "sphinx.po should translate some of the search script's words"
    for english in shared:
        shown = messages[english]
        assert (shown if isinstance(shown, str) else shown[0]) == ours[english], english
