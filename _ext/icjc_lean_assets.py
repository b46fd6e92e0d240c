"""Send each page only the CSS and JavaScript it uses, for visitors on slow links.

- sphinx-design's stylesheet (55 KB) and Furo's stylesheet for other extensions (6 KB) are
  replaced by copies holding only the rules whose classes appear in the site: in any
  document (with the classes the HTML writer adds), or in the site's templates. The theme
  files are checked when the builder starts: one that is missing or unreadable is linked
  untrimmed, and the build says so in one line.
- Pygments' stylesheet is left out of pages that show no highlighted code, and
  sphinx-design's tab script out of pages without tabs.

The classes are read from every document when writing starts, so the trimmed stylesheet
exists before any page is written and its ``?v=`` checksum changes whenever its contents do.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from icjc_css_trimming import statements, trim_stylesheet
from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrimmedStylesheet:
    """A theme stylesheet to trim: where its package keeps it, and the trimmed copy's name
    in ``_static``, added with the original's priority so that the cascade stays the same."""

    name: str
    package: str
    path_in_package: str
    trimmed_name: str
    priority: int

    def source(self) -> Path:
        """The installed file; ImportError if its package is not installed."""
        package_file = importlib.import_module(self.package).__file__
        assert package_file is not None
        return Path(package_file).parent / self.path_in_package


TRIMMED = (
    TrimmedStylesheet(
        "sphinx-design.min.css",
        "sphinx_design",
        "static/sphinx-design.min.css",
        "sphinx-design.trimmed.css",
        500,
    ),
    TrimmedStylesheet(
        "furo-extensions.css",
        "furo",
        "theme/furo/static/styles/furo-extensions.css",
        "furo-extensions.trimmed.css",
        600,
    ),
)
#: Classes the HTML writer adds to the elements of some nodes (docutils' ``_html_base`` and
#: ``sphinx.writers.html5``): e.g. ``container`` on a container's ``<div>``, which Furo's
#: ``[role=main] .container`` rule styles. The tests check every built page against the
#: untrimmed stylesheets, so a class missing here shows up there.
WRITER_CLASSES: dict[type, tuple[str, ...]] = {  # nodes.Admonition is a mix-in, not an Element
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
    """Classes of every node, those the HTML writer adds, and those inside HTML markup a
    node carries (raw HTML, or an attribute such as sphinx-design's icon ``svg``)."""
    for node in doctree.findall(nodes.Element):
        yield from node.get("classes", ())
        for node_type, classes in WRITER_CLASSES.items():
            if isinstance(node, node_type):
                yield from classes
        markup = [value for value in node.attributes.values() if isinstance(value, str)]
        if isinstance(node, nodes.raw):
            markup.append(node.astext())
        for text in markup:
            for value in _CLASS_ATTRIBUTE.findall(text):
                yield from value.split()


def _template_classes(app: Sphinx) -> set[str]:
    found: set[str] = set()
    for folder in app.config.templates_path:
        for template in (app.confdir / folder).rglob("*.html"):
            for value in _CLASS_ATTRIBUTE.findall(template.read_text(encoding="utf-8")):
                found.update(value.split())
    return found


def problem_with(stylesheet: TrimmedStylesheet) -> str | None:
    """Why a theme stylesheet cannot be trimmed (missing, unreadable, unbalanced), or None."""
    try:
        css = stylesheet.source().read_text(encoding="utf-8")
        for _ in statements(css):
            pass
    except ImportError:
        return f"the {stylesheet.package} package is not installed"
    except OSError as error:
        return f"{stylesheet.name} cannot be read ({error.strerror})"
    except ValueError as error:  # not UTF-8 (UnicodeDecodeError), or unbalanced braces
        return f"{stylesheet.name} cannot be read as CSS: {error}"
    return None


class LeanAssets:
    """The stylesheets trimmed in this build: those whose theme file could be read."""

    def __init__(self) -> None:
        self.trimmed: list[TrimmedStylesheet] = []

    def check_inputs(self, app: Sphinx) -> None:
        """Trim only theme files that are where expected and readable; link the others."""
        self.trimmed = []
        if app.builder.format != "html":
            return
        for stylesheet in TRIMMED:
            problem = problem_with(stylesheet)
            if problem is None:
                self.trimmed.append(stylesheet)
                app.add_css_file(stylesheet.trimmed_name, priority=stylesheet.priority)
            else:
                logger.info(
                    "Lean assets: %s; pages link the untrimmed %s instead.",
                    problem,
                    stylesheet.name,
                )

    def write_trimmed_stylesheets(self, app: Sphinx, builder: Builder) -> None:
        """Write the trimmed copies, keeping the rules whose classes some page uses."""
        used = _template_classes(app)
        for docname in app.env.all_docs:
            used.update(_classes_in(app.env.get_doctree(docname)))
        for stylesheet in self.trimmed:
            trimmed = trim_stylesheet(stylesheet.source().read_text(encoding="utf-8"), used)
            target = Path(builder.outdir) / "_static" / stylesheet.trimmed_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(trimmed, encoding="utf-8")

    def drop_unused_files(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        """Leave out the originals of trimmed stylesheets, and assets the page does not use."""
        body = context.get("body", "")
        unused = {stylesheet.name for stylesheet in self.trimmed}
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
    assets = LeanAssets()
    app.connect("builder-inited", assets.check_inputs)
    app.connect("write-started", assets.write_trimmed_stylesheets)
    app.connect("html-page-context", assets.drop_unused_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
