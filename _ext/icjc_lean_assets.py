"""Send each page only the CSS and JavaScript it uses, for visitors on slow links.

- sphinx-design's stylesheet (55 KB) and Furo's stylesheet for other extensions (6 KB) are
  replaced by copies holding only the rules whose classes appear in the site: in any
  document, or in the templates.
- Pygments' stylesheet is left out of pages that show no highlighted code, and
  sphinx-design's tab script out of pages without tabs.

Classes are collected while documents are read, so the trimmed stylesheet exists before
any page is written and its ``?v=`` checksum changes whenever its contents do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import furo
import sphinx_design
import tinycss2
from docutils import nodes
from sphinx.domains import Domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: For each stylesheet to trim: its source, and the trimmed copy's name in ``_static``,
#: with the priority the original is added with (so the cascade order stays the same).
TRIMMED = {
    "sphinx-design.min.css": (
        Path(sphinx_design.__file__).parent / "static" / "sphinx-design.min.css",
        "sphinx-design.trimmed.css",
        500,
    ),
    "furo-extensions.css": (
        Path(furo.__file__).parent / "theme" / "furo" / "static" / "styles" / "furo-extensions.css",
        "furo-extensions.trimmed.css",
        600,
    ),
}
_CLASS_ATTRIBUTE = re.compile(r'class="([^"{}]*)"')
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_STRUCTURE = re.compile(r"""/\*.*?\*/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\\.|[{};]""", re.DOTALL)
_AT_KEYWORD = re.compile(r"@([-\w]+)")
_NOT_PLAIN = re.compile(r"""[(\[\\"']""")
_CLASS_NAME = re.compile(r"\.(-?-?[_a-zA-Z\u0080-\U0010ffff][-\w\u0080-\U0010ffff]*)")


class UsedClassesDomain(Domain):
    """The HTML classes each document uses (kept per document for incremental builds)."""

    name = "used-classes"
    label = "classes used by documents"
    initial_data: ClassVar[dict[str, Any]] = {"by_doc": {}}

    @property
    def by_doc(self) -> dict[str, frozenset[str]]:
        return self.data["by_doc"]

    def clear_doc(self, docname: str) -> None:
        self.by_doc.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["by_doc"]:
                self.by_doc[docname] = otherdata["by_doc"][docname]

    def resolve_any_xref(self, *args: object) -> list[tuple[str, nodes.reference]]:
        return []


def _classes_in(doctree: nodes.document) -> Iterator[str]:
    """Classes of every node, and those inside HTML markup a node carries (raw HTML,
    or an attribute such as sphinx-design's icon ``svg``)."""
    for node in doctree.findall(nodes.Element):
        yield from node.get("classes", ())
        markup = [value for value in node.attributes.values() if isinstance(value, str)]
        if isinstance(node, nodes.raw):
            markup.append(node.astext())
        for text in markup:
            for value in _CLASS_ATTRIBUTE.findall(text):
                yield from value.split()


def record_classes(app: Sphinx, doctree: nodes.document) -> None:
    domain: UsedClassesDomain = app.env.domains[UsedClassesDomain.name]
    domain.by_doc[app.env.docname] = frozenset(_classes_in(doctree))


def _template_classes(app: Sphinx) -> set[str]:
    found: set[str] = set()
    for folder in app.config.templates_path:
        for template in (app.confdir / folder).rglob("*.html"):
            for value in _CLASS_ATTRIBUTE.findall(template.read_text(encoding="utf-8")):
                found.update(value.split())
    return found


def trim_stylesheet(css: str, used: Set[str]) -> str:
    """Keep the rules with at least one selector whose classes are all in ``used``.

    Only the selectors are tokenized (by tinycss2): the declarations are copied as they are,
    which makes this several times faster than parsing the whole stylesheet.
    """
    kept = []
    for prelude, body in _statements(css):
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


def selector_classes(prelude: str) -> Iterator[set[str]]:
    """The class names of each comma-separated selector of a rule.

    Plain selectors (no brackets, parentheses, quotes or escapes: most of them) are read
    with a regular expression; any other goes through tinycss2's tokenizer.
    """
    if _NOT_PLAIN.search(prelude):
        yield from _classes_in_tokens(tinycss2.parse_component_value_list(prelude))
    else:
        for selector in prelude.split(","):
            yield set(_CLASS_NAME.findall(selector))


def _statements(css: str) -> Iterator[tuple[str, str | None]]:
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
        elif token == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                yield _without_comments(prelude), css[body_start : match.start()]
                start = match.end()
        elif token == ";" and depth == 0:
            yield _without_comments(css[start : match.start()]), None
            start = match.end()


def _without_comments(text: str) -> str:
    return _COMMENT.sub("", text).strip()


def _classes_in_tokens(prelude: list[Any]) -> Iterator[set[str]]:
    """The set of class names in each comma-separated selector of a rule."""
    classes: set[str] = set()
    after_dot = False
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            yield classes
            classes = set()
        elif token.type == "ident" and after_dot:
            classes.add(token.value)
        after_dot = token.type == "literal" and token.value == "."
    yield classes


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def write_trimmed_stylesheets(app: Sphinx, builder: Builder) -> None:
    """Write the trimmed copies, unless the ones in place were made for the same classes."""
    if builder.format != "html":
        return
    domain: UsedClassesDomain = app.env.domains[UsedClassesDomain.name]
    used = set().union(*domain.by_doc.values(), _template_classes(app))
    key = hashlib.sha256(
        "\n".join(
            [*sorted(used), *(_fingerprint(source) for source, _, _ in TRIMMED.values())]
        ).encode()
    ).hexdigest()
    stamp = Path(app.doctreedir) / "icjc-trimmed-stylesheets.key"
    outputs = [Path(builder.outdir) / "_static" / name for _, name, _ in TRIMMED.values()]
    if all(path.is_file() for path in outputs) and stamp.is_file() and stamp.read_text() == key:
        return
    for source, trimmed_name, _ in TRIMMED.values():
        trimmed = trim_stylesheet(source.read_text(encoding="utf-8"), used)
        target = Path(builder.outdir) / "_static" / trimmed_name
        if not target.is_file() or target.read_text(encoding="utf-8") != trimmed:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(trimmed, encoding="utf-8")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)


def drop_unused_files(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    body = context.get("body", "")
    unused = set(TRIMMED)
    if 'class="highlight' not in body:
        unused.add("pygments.css")
    if "sd-tab-set" not in body:
        unused.add("design-tabs.js")
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [
                asset
                for asset in context[key]
                if Path(str(getattr(asset, "filename", asset))).name not in unused
            ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(UsedClassesDomain)
    for _, trimmed_name, priority in TRIMMED.values():
        app.add_css_file(trimmed_name, priority=priority)
    app.connect("doctree-read", record_classes)
    app.connect("write-started", write_trimmed_stylesheets)
    app.connect("html-page-context", drop_unused_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
