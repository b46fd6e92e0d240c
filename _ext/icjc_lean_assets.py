"""Send each page only the CSS and JavaScript it uses, for visitors on slow links (about
11 KB gzipped less per page): sphinx-design's and Furo's extension stylesheets become copies
with the rules whose classes some page or template uses (a theme file that cannot be parsed
is linked untrimmed, with one line); Pygments' stylesheet and sphinx-design's tab script are
left out of pages without highlighted code or tabs.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tinycss2
from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrimmedStylesheet:
    """A theme stylesheet; its trimmed copy keeps its priority, so the cascade stays."""

    name: str
    package: str
    path_in_package: str
    priority: int

    @property
    def trimmed_name(self) -> str:
        """``sphinx-design.min.css`` → ``sphinx-design.trimmed.css``."""
        return self.name.removesuffix(".css").removesuffix(".min") + ".trimmed.css"

    def source(self) -> Path:
        """The installed file; ImportError if its package is not installed."""
        package = Path(str(importlib.import_module(self.package).__file__)).parent
        return package / self.path_in_package


TRIMMED = (
    TrimmedStylesheet(
        "sphinx-design.min.css", "sphinx_design", "static/sphinx-design.min.css", 500
    ),
    TrimmedStylesheet(
        "furo-extensions.css", "furo", "theme/furo/static/styles/furo-extensions.css", 600
    ),
)
#: Classes the HTML writer adds to some nodes' elements (docutils' ``_html_base``,
#: ``sphinx.writers.html5``); the tests check every page against the untrimmed stylesheets.
WRITER_CLASSES: dict[type, tuple[str, ...]] = {  # nodes.Admonition is a mix-in
    nodes.container: ("docutils", "container"),
    nodes.literal: ("docutils", "literal", "notranslate"),
    nodes.literal_block: ("highlight", "notranslate"),
    nodes.doctest_block: ("highlight", "notranslate"),
    nodes.reference: ("reference", "internal", "external", "image-reference"),
    addnodes.download_reference: ("reference", "download", "internal", "external"),
    nodes.table: ("docutils", "align-default"),
    nodes.Admonition: ("admonition",),
    nodes.rubric: ("rubric",),
    nodes.caption: ("caption", "caption-text"),
    nodes.section: ("section",),
    nodes.topic: ("topic",),
    nodes.sidebar: ("sidebar",),
    nodes.line_block: ("line-block",),
    nodes.field_list: ("field-list", "simple"),
    nodes.footnote: ("footnote",),
    nodes.citation: ("citation",),
    nodes.compound: ("compound",),
    nodes.figure: ("align-default",),
    nodes.image: ("align-default",),
}
_CLASS_ATTRIBUTE = re.compile(r'class="([^"{}]*)"')


def _classes_in(doctree: nodes.document) -> Iterator[str]:
    """Classes of every node, those its writer adds, and those in HTML it carries (raw
    HTML, or an attribute such as sphinx-design's icon ``svg``)."""
    for node in doctree.findall(nodes.Element):
        yield from node.get("classes", ())
        for node_type, classes in WRITER_CLASSES.items():
            yield from classes if isinstance(node, node_type) else ()
        markup = [value for value in node.attributes.values() if isinstance(value, str)]
        for text in [*markup, node.astext()] if isinstance(node, nodes.raw) else markup:
            for value in _CLASS_ATTRIBUTE.findall(text):
                yield from value.split()


# -- Trimming: only selectors are read (tinycss2); all else is copied byte for byte ----

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_STRUCTURE = re.compile(r"""/\*.*?\*/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\\.|[{};]""", re.DOTALL)
_AT_KEYWORD = re.compile(r"@([-\w]+)")


def trim_stylesheet(css: str, used: Set[str]) -> str:
    """The rules with a selector whose classes are all ``used``; ValueError if unbalanced."""
    kept = []
    for prelude, body in statements(css):
        keyword = _AT_KEYWORD.match(prelude)
        if body is None:
            kept.append(f"{prelude};")
        elif keyword and keyword[1].lower() in {"media", "supports"}:
            inner = trim_stylesheet(body, used)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif keyword or any(classes <= used for classes in selector_classes(prelude)):
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


@functools.cache  # each stylesheet is trimmed twice a build: checked, then written
def selector_classes(prelude: str) -> tuple[frozenset[str], ...]:
    """The class names of each comma-separated selector of a rule."""
    selectors: list[frozenset[str]] = []
    classes: set[str] = set()
    after_dot = False
    for token in tinycss2.parse_component_value_list(prelude):
        if token.type == "literal" and token.value == ",":
            selectors.append(frozenset(classes))
            classes = set()
        elif token.type == "ident" and after_dot:
            classes.add(token.value)
        after_dot = token.type == "literal" and token.value == "."
    return (*selectors, frozenset(classes))


def statements(css: str) -> Iterator[tuple[str, str | None]]:
    """The top-level statements of a stylesheet: (prelude, block contents), or (statement,
    None) for one without a block such as ``@import``. Comments between statements are
    dropped; braces inside strings, comments and escapes do not count."""
    depth, start, body_start, prelude = 0, 0, 0, ""
    for match in _STRUCTURE.finditer(css):
        token = match[0]
        if token == "{":
            if depth == 0:
                prelude, body_start = css[start : match.start()], match.end()
            depth += 1
        elif token == "}":
            if depth == 0:
                raise ValueError(
                    f"a closing brace without an opening one at character {match.start()}"
                )
            depth -= 1
            if depth == 0:
                yield _without_comments(prelude), css[body_start : match.start()]
                start = match.end()
        elif token == ";" and depth == 0:
            yield _without_comments(css[start : match.start()]), None
            start = match.end()
    if depth or _without_comments(css[start:]):
        raise ValueError("it ends inside a rule")


def _without_comments(text: str) -> str:
    return _COMMENT.sub("", text).strip()


class LeanAssets:
    """The stylesheets trimmed in this build: those whose theme file could be read."""

    trimmed: list[TrimmedStylesheet]

    def check_inputs(self, app: Sphinx) -> None:
        """Trim only the theme files that are where expected and parse; link the others."""
        self.trimmed = []
        for stylesheet in TRIMMED if app.builder.format == "html" else ():
            try:
                trim_stylesheet(stylesheet.source().read_text(encoding="utf-8"), set())
            except ImportError:
                problem = f"the {stylesheet.package} package is not installed"
            except OSError as error:
                problem = f"{stylesheet.name} cannot be read ({error.strerror})"
            except ValueError as error:  # not UTF-8 (UnicodeDecodeError), or unbalanced braces
                problem = f"{stylesheet.name} cannot be read as CSS: {error}"
            else:
                self.trimmed.append(stylesheet)
                app.add_css_file(stylesheet.trimmed_name, priority=stylesheet.priority)
                continue
            logger.info(
                "Lean assets: %s; pages link the untrimmed %s instead.", problem, stylesheet.name
            )

    def write_trimmed_stylesheets(self, app: Sphinx, builder: Builder) -> None:
        """The trimmed copies, written before any page so that its ``?v=`` follows them."""
        used = {
            name
            for folder in app.config.templates_path
            for template in (app.confdir / folder).rglob("*.html")
            for value in _CLASS_ATTRIBUTE.findall(template.read_text(encoding="utf-8"))
            for name in value.split()
        }
        for docname in app.env.all_docs:
            used.update(_classes_in(app.env.get_doctree(docname)))
        for stylesheet in self.trimmed:
            target = Path(builder.outdir, "_static", stylesheet.trimmed_name)
            target.parent.mkdir(parents=True, exist_ok=True)
            css = stylesheet.source().read_text(encoding="utf-8")
            target.write_text(trim_stylesheet(css, used), encoding="utf-8")

    def drop_unused_files(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], _: object
    ) -> None:
        """Leave out the originals of trimmed stylesheets, and assets the page does not use."""
        body = context.get("body", "")
        unused = {stylesheet.name for stylesheet in self.trimmed}
        unused |= set() if 'class="highlight' in body else {"pygments.css"}
        unused |= set() if "sd-tab-set" in body else {"design-tabs.js"}
        for key in ("css_files", "script_files"):
            if key in context:
                context[key] = [
                    asset
                    for asset in context[key]
                    if Path(str(getattr(asset, "filename", asset))).name not in unused
                ]


def setup(app: Sphinx) -> dict[str, Any]:
    assets = LeanAssets()
    app.connect("builder-inited", assets.check_inputs)
    app.connect("write-started", assets.write_trimmed_stylesheets)
    app.connect("html-page-context", assets.drop_unused_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
