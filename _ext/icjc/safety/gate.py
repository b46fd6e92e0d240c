"""The output gate: before the build reports success, every file in the output folder is
checked against what the site publishes, and each offending file is removed. Pages are parsed
as browsers parse them (html5lib, scripting on), CSS with tinycss2, SVG and XHTML with
defusedxml: whatever produced a file, it loads nothing from elsewhere and runs no script but
the theme's, Sphinx's and the extensions' own files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import sphinx
import tinycss2
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from . import WARNING_TYPE, allowed_link, shown

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: What the build writes at the top of the output folder, besides pages and folders.
WRITTEN_BY_THE_BUILD = frozenset(
    {".buildinfo", "objects.inv", "searchindex.js", "members.json", "sitemap.xml", "robots.txt"}
)
PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"})
DOCUMENTS = frozenset({".pdf", ".txt", ".csv", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx"})
EPUB_FILES = frozenset({".opf", ".ncx", ".xml", ".epub", "mimetype"})  # besides .xhtml pages
ASSET_FOLDERS = frozenset({"_static", "_images", "_downloads", "_sources"})  # never pages
#: The theme's one inline script (Furo's page.html), by its fixed text; JSON-LD is data.
INLINE_SCRIPTS = frozenset(
    {'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'}
)
DATA = frozenset({"application/ld+json"})
FORBIDDEN = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
#: In SVG and MathML, inline or in files, also no script, no HTML inside, no animated link.
FOREIGN_FORBIDDEN = FORBIDDEN | {"script", "foreignObject", "handler", "listener", "set"}
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "ping"}
    | {"cite", "longdesc", "manifest", "icon", "codebase", "archive", "lowsrc", "dynsrc"}
)
#: ``<link rel>`` values that name another address without loading it.
LINK_RELATIONS = frozenset({"alternate", "canonical", "author", "index", "search", "next", "prev"})
HTML_NAMESPACES = ("", "{http://www.w3.org/1999/xhtml")  # as ``rpartition("}")`` leaves them
ELSEWHERE = "is not allowed: the site loads nothing from other websites"
LINKS = "links go to http, https, mailto or the site's own pages"

Problem = tuple[str, str]  # (message, the offending value: to find its line in the page)


@dataclass(frozen=True)
class Site:
    address: str  # of the output folder; a placeholder origin when the site's is unknown
    shipped: dict[str, str | None]  # trusted files by output path: digest, None if rendered
    epub: bool

    @cached_property
    def scripts(self) -> tuple[str, ...]:
        """How script addresses end: the 404 page's start with its own prefix."""
        return tuple(
            f"/{name}" for name in [*self.shipped, "searchindex.js"] if name.endswith(".js")
        )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shipped_files(app: Sphinx) -> dict[str, str | None]:
    """The one list of trusted files: what the theme, Sphinx and the extensions ship, by
    their path in the output, with their digest (None: a template Sphinx renders)."""
    theme = getattr(app.builder, "theme", None)
    folders = [Path(entry, "static") for entry in reversed(theme.get_theme_dirs())] if theme else []
    folders += [Path(entry) for entry in app.config.html_static_path if Path(entry).is_absolute()]
    shipped: dict[str, str | None] = {}
    for folder in folders:  # in Sphinx's copying order: a later file replaces an earlier one
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            name = path.relative_to(folder).as_posix()
            rendered = name.removesuffix("_t").removesuffix(".jinja")
            if path.is_file():
                shipped[f"_static/{rendered}"] = _digest(path) if rendered == name else None
    indexer = getattr(app.builder, "indexer", None)
    language = Path(sphinx.package_dir, "locale", app.config.language, "LC_MESSAGES")
    for code in [*(indexer.get_js_stemmer_rawcodes() if indexer else ()), language / "sphinx.js"]:
        name = "translations.js" if Path(code).name == "sphinx.js" else Path(code).name
        if Path(code).is_file():
            shipped[f"_static/{name}"] = _digest(Path(code))
    return shipped


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


def css_problems(nodes: list[Any], here: str, foreign: bool = False) -> list[Problem]:
    """Addresses outside the site (outside the picture itself, in SVG) in parsed CSS."""
    return [
        (f"the style address `{shown(url)}` {ELSEWHERE}", url)
        for url in _css_urls(nodes)
        if not url.strip().startswith("#") and (foreign or _site_path(url, here) is None)
    ]


def _site_path(url: str, here: str) -> str | None:
    """The path ``url``, written in the file at address ``here``, leads to on the site's own
    origin (no query or fragment), or None if it leads elsewhere."""
    target, origin = urlsplit(urljoin(here, url.strip())), urlsplit(here)
    return target.path if (target.scheme, target.netloc) == origin[:2] else None


def _element_problems(element: Element, here: str, site: Site, svg: bool) -> Iterator[Problem]:
    """What one element of a page or a picture does that the site does not publish."""
    namespace, _, name = str(element.tag).rpartition("}")
    foreign = svg or namespace not in HTML_NAMESPACES
    if name in (FOREIGN_FORBIDDEN if foreign else FORBIDDEN):
        yield f"`<{name}>` is not allowed in the site's pages and pictures", f"<{name}"
    if name == "meta" and element.get("http-equiv", "").strip().lower() not in ("", "content-type"):
        yield "`<meta http-equiv>` (a refresh, a redirect) is not allowed", "http-equiv"
    if name == "script" and not foreign:
        text, source = (element.text or "").strip(), element.get("src")
        if source is None and text not in INLINE_SCRIPTS and element.get("type") not in DATA:
            yield "an inline script that is not the theme's own is not allowed", text[:60]
        elif source is not None and not (_site_path(source, here) or "").endswith(site.scripts):
            yield f"the script `{shown(source)}` is not the theme's or the site's own", source
    if name == "style":
        yield from css_problems(tinycss2.parse_stylesheet(element.text or ""), here, foreign)
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
        elif foreign and attribute == "attributename" and value.lower().endswith("href"):
            yield f"an animation may not change a link (`{shown(value)}`)", value
        elif foreign and attribute in URL_ATTRIBUTES and not value.strip().startswith("#"):
            yield f'a picture may refer only to itself, not `{attribute}="{shown(value)}"`', value
        elif attribute in URL_ATTRIBUTES and not foreign and (name, attribute) != ("script", "src"):
            srcset = [part.split()[0] for part in value.split(",") if part.split()]
            for url in srcset if attribute == "srcset" else [value]:
                if link and not allowed_link(url):
                    yield f"the link `{shown(url)}` is not allowed: {LINKS}", url
                elif not link and _site_path(url, here) is None:
                    yield f"the address `{shown(url)}` {ELSEWHERE}", url


def markup_problems(data: bytes, here: str, site: Site, kind: str) -> list[Problem]:
    """A page (``kind`` "html"), an EPUB page ("xhtml") or an SVG picture ("svg")."""
    if kind == "html":
        root = html5lib.parse(data, "etree", namespaceHTMLElements=False, scripting=True)
    else:
        parser, instructions = DefusedXMLParser(), []  # <?xml-stylesheet?>, before the root too
        parser.parser.ProcessingInstructionHandler = lambda *found: instructions.append(found)
        try:
            parser.feed(data)
            root = parser.close()
        except (DefusedXmlException, SyntaxError, ValueError):
            return [("not well-formed XML without entities: save it again as plain XML", "")]
        if instructions and kind == "svg":
            return [("a processing instruction (`<?...?>`) is not allowed in a picture", "<?")]
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    return [
        found for one in elements for found in _element_problems(one, here, site, kind == "svg")
    ]


def file_problems(path: Path, name: str, site: Site) -> list[Problem]:
    """Why the file ``path``, at ``name`` in the output folder, may not be published."""
    suffix, top, here = path.suffix.lower(), name.split("/", 1)[0], urljoin(site.address, name)
    if path.is_symlink() or not path.is_file():
        return [("not a regular file: the build writes only files", "")]
    digest = site.shipped.get(name, "")
    if (digest is None and suffix == ".js") or (digest and digest == _digest(path)):
        return []  # a file of the theme, of Sphinx or of an extension, as shipped
    if name in WRITTEN_BY_THE_BUILD or (site.epub and (suffix or path.name) in EPUB_FILES):
        return []
    if top not in ASSET_FOLDERS and (suffix == ".html" or (site.epub and suffix == ".xhtml")):
        return markup_problems(path.read_bytes(), here, site, suffix[1:])
    if suffix == ".css":
        return css_problems(tinycss2.parse_stylesheet(path.read_text("utf-8", "replace")), here)
    if suffix == ".svg":
        return markup_problems(path.read_bytes(), here, site, "svg")
    if suffix == ".js":
        return [("a script that is not the theme's or the site's own is not published", "")]
    kind = f"`{shown(suffix)}` files" if suffix else "files without a type"
    if suffix not in PICTURES | DOCUMENTS:
        return [(f"the site does not publish {kind} here: pages, pictures and documents only", "")]
    return []


def check_output(app: Sphinx, exception: Exception | None) -> None:
    """The gate: one located message per problem, each offending file removed, exit 1."""
    if exception or not isinstance(app.builder, StandaloneHTMLBuilder):
        return  # HTML, dirhtml, singlehtml and EPUB; no other builder writes pages
    env, outdir, builder = app.env, Path(app.outdir), app.builder
    address = (app.config.html_baseurl or "https://site.invalid/").removesuffix("/") + "/"
    site = Site(address, shipped_files(app), builder.name.startswith("epub"))
    sources = {str(builder.get_outfilename(doc)): doc for doc in env.found_docs}
    copied = {f"{outdir}/_images/{unique}": str(src) for src, (_, unique) in env.images.items()}
    copied |= {f"{outdir}/_downloads/{dest}": str(src) for src, (_, dest) in env.dlfiles.items()}
    problems = []
    for path in _output_files(outdir, Path(app.doctreedir)):
        name = path.relative_to(outdir).as_posix()
        for message, value in (found := file_problems(path, name, site)):
            location = _location(app, path, sources.get(str(path)), copied.get(str(path)), value)
            problems.append((location, f"{shown(name, 200)}: {message}"))
        if found:
            path.unlink()
    for location, message in problems:
        logger.error(message, location=location, type=WARNING_TYPE, subtype="gate")
    if problems:
        for archive in outdir.glob("*.epub") if site.epub else ():
            archive.unlink()  # made from the files above before they were removed
        logger.info("The files above were removed from the output: fix them, then build again.")
        app.statuscode = 1


def _output_files(outdir: Path, doctrees: Path) -> Iterator[Path]:
    """Every file and link in the output folder, less the doctrees and the output of other
    builds inside it (a translation's own folder, with its own ``.buildinfo``)."""
    for root, folders, files in os.walk(outdir):
        top = root == str(outdir)
        other = {name for name in folders if top and Path(root, name, ".buildinfo").is_file()}
        folders[:] = [
            name for name in folders if Path(root, name) != doctrees and name not in other
        ]
        links = [name for name in folders if Path(root, name).is_symlink()]
        yield from (Path(root, name) for name in sorted(files + links))


def _location(app: Sphinx, path: Path, page: str | None, copied: str | None, value: str) -> str:
    """The page and the first line with ``value``, the file copied there, or the output file."""
    if page:
        lines = app.env.doc2path(page).read_text("utf-8", "replace").splitlines()
        line = next((at for at, text in enumerate(lines, 1) if value in text), 1)
        return f"{app.env.doc2path(page, False).as_posix()}:{line}"
    where = copied or (path.relative_to(app.srcdir) if path.is_relative_to(app.srcdir) else path)
    return f"{shown(Path(where).as_posix(), 200)}:1"


def setup(app: Sphinx) -> None:
    app.connect("build-finished", check_output, priority=900)  # after the sitemap is written
