"""The output gate: before the build reports success, each output file the site does not publish
is reported and removed. Pages parsed as browsers do (html5lib), CSS by tinycss2, SVG defused."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import tinycss2
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from . import WARNING_TYPE, allowed_link, shown

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: What the build writes, trusted by name like templates: translations.js is Sphinx's own, or
#: the ``sphinx.js`` that languages/catalog.py writes as JSON from the checked catalogs.
WRITTEN = frozenset(
    {".buildinfo", ".buildinfo.bak", "objects.inv", "searchindex.js", "members.json"}
    | {"sitemap.xml", "_static/translations.js"}
)
PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"})
DOCUMENTS = frozenset({".pdf", ".txt", ".csv", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx"})
EPUB_FILES = frozenset({".opf", ".ncx", ".xml", ".epub", "mimetype"})  # besides .xhtml pages
ASSET_FOLDERS = frozenset({"_static", "_images", "_downloads", "_sources"})  # never pages
THEME_SCRIPTS = frozenset(  # by their fixed text: Furo's, and the search box of Sphinx's basic
    {'document.body.dataset.theme = localStorage.getItem("theme") || "auto"'}
    | {"document.getElementById('searchbox').style.display = \"block\""}
)
FORBIDDEN = frozenset({"iframe", "frame", "object", "embed", "applet", "base", "portal"})
#: In SVG and MathML, inline or in files: no script, no HTML inside, no animation (of links).
FOREIGN_FORBIDDEN = FORBIDDEN | {"script", "foreignObject", "handler", "listener", "set", "animate"}
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "ping"}
    | {"cite", "longdesc", "manifest", "icon", "codebase", "archive", "lowsrc", "dynsrc", "base"}
)
LINK_RELATIONS = frozenset({"alternate", "canonical"})  # name an address, load nothing
ELSEWHERE = "is not allowed: the site loads nothing from other websites"
LINKS = "is not allowed: links go to http, https, mailto or the site's own pages"

Finding = tuple[str, str]  # (message, the offending value: to find its line in the page)


@dataclass(frozen=True)
class Site:
    address: str  # of the output folder; a placeholder origin when the site's is unknown
    shipped: dict[str, Path | None]  # trusted files by output path: source (None: by name)
    epub: bool


def shipped_files(app: Sphinx) -> dict[str, Path | None]:
    """The one list of trusted files, by output path, with their source (None: by name)."""
    theme = getattr(app.builder, "theme", None)
    folders = [Path(entry, "static") for entry in reversed(theme.get_theme_dirs())] if theme else []
    folders += [Path(entry) for entry in app.config.html_static_path if Path(entry).is_absolute()]
    shipped: dict[str, Path | None] = {}
    for folder in folders:  # in Sphinx's copying order: a later file replaces an earlier one
        for path in sorted(path for path in folder.rglob("*") if path.is_file()):
            name = path.relative_to(folder).as_posix()
            rendered = name.removesuffix("_t").removesuffix(".jinja")
            shipped[f"_static/{rendered}"] = path if rendered == name else None
    indexer = getattr(app.builder, "indexer", None)
    codes = [Path(code) for code in (indexer.get_js_stemmer_rawcodes() if indexer else ())]
    return shipped | {f"_static/{code.name}": code for code in codes} | dict.fromkeys(WRITTEN)


def _css_urls(nodes: Iterable[Any], loading: bool = False) -> Iterator[str]:
    """What CSS loads: ``url()``, and the strings of ``src()``, ``image-set()``, ``@import``."""
    for node in nodes:
        if node.type == "url" or (loading and node.type == "string"):
            yield node.value
        name = getattr(node, "lower_name", "") or getattr(node, "lower_at_keyword", "")
        loads = loading or name in {"url", "src", "import"} or name.endswith("image-set")
        for part in ("prelude", "content", "arguments", "value"):  # value: a declaration's
            if isinstance(children := getattr(node, part, None), list):
                yield from _css_urls(children, loads)


def css_problems(nodes: list[Any], here: str, foreign: bool = False) -> Iterator[Finding]:
    """Addresses outside the site (outside the picture itself, in SVG) in parsed CSS."""
    for url in _css_urls(nodes):
        if not url.strip().startswith("#") and (foreign or _site_path(url, here) is None):
            yield f"the style address `{shown(url)}` {ELSEWHERE}", url


def _site_path(url: str, here: str) -> str | None:
    """The path ``url``, written at address ``here``, leads to on its origin (None: elsewhere)."""
    url = "".join(url.split("\t")).replace("\n", "").replace("\r", "").strip()
    # Browsers read a backslash as a slash: `/\\host/x` and `\\\\host/x` name another website.
    target, origin = urlsplit(urljoin(here, url.replace("\\", "/"))), urlsplit(here)
    return target.path if (target.scheme, target.netloc) == origin[:2] else None


def _element_problems(element: Element, here: str, site: Site, svg: bool) -> Iterator[Finding]:
    """What one element of a page or a picture does that the site does not publish."""
    namespace, _, name = str(element.tag).rpartition("}")
    foreign = svg or namespace not in ("", "{http://www.w3.org/1999/xhtml")
    if name in (FOREIGN_FORBIDDEN if foreign else FORBIDDEN):
        yield f"`<{name}>` is not allowed in the site's pages and pictures", f"<{name}"
    if name == "meta" and element.get("http-equiv", "").strip().lower() not in ("", "content-type"):
        yield "`<meta http-equiv>` (a refresh, a redirect) is not allowed", "http-equiv"
    if name == "script" and not foreign:
        text, source = (element.text or "").strip(), element.get("src")
        scripts = tuple(f"/{file}" for file in site.shipped if file.endswith(".js"))  # any prefix
        data = element.get("type") == "application/ld+json"  # JSON-LD runs nothing
        if source is None and not data and text.rstrip(";") not in THEME_SCRIPTS:
            yield "an inline script that is not the theme's own is not allowed", text[:60]
        elif source is not None and not (_site_path(source, here) or "").endswith(scripts):
            yield f"the script `{shown(source)}` is not the theme's or the site's own", source
    if name == "style":
        yield from css_problems(tinycss2.parse_stylesheet(element.text or ""), here, foreign)
    if name == "noscript" and element.text:  # text to a browser running script, not to others
        yield from markup_problems(element.text.encode(), here, site, svg=False)
    relations = set(element.get("rel", "").lower().split())
    link = name in ("a", "area") or (name == "link" and set() < relations <= LINK_RELATIONS)
    for attribute, value in element.attrib.items():
        attribute = attribute.rpartition("}")[2].lower()
        if attribute.startswith("on"):
            yield f"the event attribute `{shown(attribute)}` runs script: not allowed", value
        elif attribute == "style":
            yield from css_problems(tinycss2.parse_blocks_contents(value), here, foreign)
        elif foreign and "url(" in value.lower():  # fill, filter, mask...
            yield from css_problems(tinycss2.parse_component_value_list(value), here, True)
        elif foreign and attribute in URL_ATTRIBUTES and not value.strip().startswith("#"):
            yield f'a picture may refer only to itself, not `{attribute}="{shown(value)}"`', value
        elif attribute in URL_ATTRIBUTES and not foreign and (name, attribute) != ("script", "src"):
            srcset = [part.split()[0] for part in value.split(",") if part.split()]
            for url in srcset if attribute == "srcset" else [value]:
                if link and attribute == "href" and not allowed_link(url):  # ping, say, loads
                    yield f"the link `{shown(url)}` {LINKS}", url
                elif not (link and attribute == "href") and _site_path(url, here) is None:
                    yield f"the address `{shown(url)}` {ELSEWHERE}", url


def markup_problems(data: bytes, here: str, site: Site, svg: bool) -> list[Finding]:
    """A page (EPUB's XHTML too: Sphinx's is not always well-formed) or an SVG picture."""
    if not svg:
        root = html5lib.parse(data, "etree", namespaceHTMLElements=False, scripting=True)
    else:
        parser, instructions = DefusedXMLParser(), []  # <?xml-stylesheet?>, before the root too
        parser.parser.ProcessingInstructionHandler = lambda *found: instructions.append(found)
        try:
            parser.feed(data)
            root = parser.close()
        except (DefusedXmlException, SyntaxError, ValueError):
            return [("not well-formed SVG without entities: save it again as plain SVG", "")]
        if instructions:
            return [("a processing instruction (`<?...?>`) is not allowed in a picture", "<?")]
    return [p for one in _elements(root) for p in _element_problems(one, here, site, svg)]


def _elements(root: Element) -> Iterator[Element]:
    """Every element, without recursion (a picture may nest thousands of groups)."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed(list(element)))


def file_problems(path: Path, name: str, site: Site) -> list[Finding]:
    """Why the file ``path``, at ``name`` in the output folder, may not be published."""
    suffix, top, here = path.suffix.lower(), name.split("/", 1)[0], urljoin(site.address, name)
    if path.is_symlink() or not path.is_file():
        return [("not a regular file: the build writes only files", "")]
    if name in site.shipped:  # the theme's, Sphinx's or an extension's, as they ship it
        source = site.shipped[name]
        if source is None or source.read_bytes() == path.read_bytes():
            return []
    if suffix == ".svg" or (suffix in (".html", ".xhtml") and top not in ASSET_FOLDERS):
        return markup_problems(path.read_bytes(), here, site, suffix == ".svg")
    if suffix == ".css":
        return [*css_problems(tinycss2.parse_stylesheet(path.read_text("utf-8", "replace")), here)]
    if suffix in PICTURES | DOCUMENTS or (site.epub and (suffix or path.name) in EPUB_FILES):
        return []
    if suffix == ".js":
        return [("a script that is not the theme's or the site's own is not published", "")]
    kind = shown(suffix or name)
    return [(f"the site publishes no `{kind}` files here: only pages, pictures and documents", "")]


def check_output(app: Sphinx, exception: Exception | None) -> None:
    """One located message per problem, each offending file removed, exit 1. Not checked:
    the doctrees, and another build's output (a translation's, with its ``.buildinfo``)."""
    if exception or not isinstance(app.builder, StandaloneHTMLBuilder):
        return  # HTML, dirhtml, singlehtml and EPUB; no other builder writes pages
    env, outdir, builder = app.env, Path(app.outdir), app.builder
    address = (app.config.html_baseurl or "https://site.invalid/").removesuffix("/") + "/"
    site = Site(address, shipped_files(app), builder.name.startswith("epub"))
    sources = {str(builder.get_outfilename(doc)): doc for doc in env.found_docs}
    others = [Path(app.doctreedir), *(b.parent for b in outdir.glob("*/.buildinfo"))]
    for path in sorted(outdir.rglob("*")):  # links are listed, not followed
        if (path.is_dir() and not path.is_symlink()) or any(map(path.is_relative_to, others)):
            continue
        name = path.relative_to(outdir).as_posix()
        try:
            found = file_problems(path, name, site)
        except Exception as error:  # what cannot be checked is not published
            found = [(f"could not be checked ({type(error).__name__}): it is left out", "")]
        for message, value in found:
            where = _where(app, sources.get(str(path)), path, value)
            message = f"{shown(name, 200)}: {message}"
            logger.error(message, location=where, type=WARNING_TYPE, subtype="gate")
        if found:
            path.unlink()
            app.statuscode = 1
    if app.statuscode:
        for archive in outdir.glob("*.epub") if site.epub else ():
            archive.unlink()  # made from the files above before they were removed
        logger.info("The files above were removed from the output: fix them, then build again.")


def _where(app: Sphinx, page: str | None, path: Path, value: str) -> str:
    """The first line with ``value`` (or the first line) of the page or project file the
    output file comes from, else of the output file."""
    source = app.env.doc2path(page) if page else _source(app, path.relative_to(app.outdir))
    if source is None or not (page or source.read_bytes() == path.read_bytes()):  # a copy
        return f"{shown(os.path.relpath(path, app.srcdir), 200)}:1"
    lines = source.read_text("utf-8", "replace").split("\n")
    line = next((at for at, text in enumerate(lines, 1) if value in text), 1)
    return f"{shown(Path(os.path.relpath(source, app.srcdir)).as_posix(), 200)}:{line}"


def _source(app: Sphinx, name: Path) -> Path | None:
    """The project file a static file, picture or download was copied from."""
    top, rest = name.parts[0], Path(*name.parts[1:]).as_posix()
    if top == "_static":  # the project's folders (extensions' are absolute, and shipped)
        folders = [
            Path(app.confdir, e) for e in app.config.html_static_path if not Path(e).is_absolute()
        ]
        return next((folder / rest for folder in folders if (folder / rest).is_file()), None)
    copies: dict[str, tuple[Any, str]] = {
        "_images": app.env.images,
        "_downloads": app.env.dlfiles,
    }.get(top, {})  # type: ignore[assignment]
    return next((Path(app.srcdir, src) for src, (_, out) in copies.items() if out == rest), None)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", check_output, priority=900)  # after the sitemap is written
