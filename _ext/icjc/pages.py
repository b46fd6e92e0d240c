"""The site's pages and their navigation.

- The sidebar: Furo's documented sidebar templates, with the member list after the
  navigation (so that it scrolls with it) and without ethical-ads (Read the Docs' adverts)
  or the variant selector (one version). A template the theme lacks gives Furo's own
  sidebar, with one line.
- A new page listed in the home page's toctree is in every footer, with the title the
  toctree gives it, with no template to edit.
- A page no toctree lists gets a message naming the file and the line to add (Sphinx's
  names neither).
- A page without tabs or code goes without sphinx-design's tabs script or Sphinx's
  code-highlighting styles.

Every page shows the whole navigation, and Sphinx writes only the pages it read again:
``make html`` reads every page each time (``-E``, about a second for a handful of pages)
rather than tracking which pages another page's change reaches.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from docutils.utils import get_source_line
from jinja2 import TemplateNotFound
from sphinx import addnodes
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util import logging

from .languages.markup import UNCLOSED_LINK
from .members.rules import MAX_IMAGE_BYTES
from .safety import WARNING_TYPE, shown

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
#: What the members directives write: members.yaml's text, which is never Markdown.
MEMBERS_CLASSES = frozenset({"icjc-member-grid", "icjc-member-map"})


SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/members.html",
    "sidebar/scroll-end.html",
]
HTML_SIDEBARS = {"**": SIDEBARS}


def theme_markup(text: str, old: str, new: str) -> str:
    """A Jinja filter: ``text`` with Furo's ``old`` markup replaced, where Furo has no block
    for it (see _templates/page.html); a warning when Furo's markup no longer has it."""
    if old not in text:
        logger.warning(
            "the theme's pages no longer contain `%s`: update _templates/page.html",
            old,
            type=WARNING_TYPE,
            subtype="theme",
            once=True,
        )
    return text.replace(old, new)


def unchanged(text: str, old: str, new: str) -> str:
    return text


def check_sidebar(app: Sphinx) -> None:
    """Fall back to Furo's own sidebar when a template listed cannot be found."""
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return  # not an HTML build
    furo = getattr(getattr(app.builder, "theme", None), "name", "") == "furo"
    # Other themes (the EPUB's) have none of Furo's markup: their pages are left as they are.
    templates.environment.filters["theme_markup"] = theme_markup if furo else unchanged
    for name in app.config.html_sidebars.get("**", ()):
        try:
            templates.environment.get_template(name)
        except TemplateNotFound:
            logger.info("Sidebar: the theme has no %s; pages get Furo's own sidebar.", name)
            sidebars = app.config.html_sidebars.items()
            app.config.html_sidebars = {key: value for key, value in sidebars if key != "**"}
            return


def home_toctree_pages(env: BuildEnvironment) -> list[tuple[str, str]]:
    """(document, title) of each page the home page's toctrees list, in their order; the
    title is the toctree line's own when it gives one, else the page's."""
    root_doc = env.config.root_doc
    toc = env.tocs.get(root_doc)
    return [
        (docname, title or (env.titles[docname].astext() if docname in env.titles else ""))
        for toctree in (toc.findall(addnodes.toctree) if toc else ())
        for title, docname in toctree["entries"]
        if docname in env.all_docs and docname != root_doc
    ]


def add_footer_pages(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    context["icjc_footer_pages"] = home_toctree_pages(app.env)


def leave_out_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Every page loads sphinx-design's tabs script and Sphinx's code-highlighting styles: a
    page without tabs, or without code, goes without them, fewer requests on a slow link (the
    French home page: Lighthouse 97 to 98)."""

    elements = list(doctree.findall(nodes.Element)) if doctree is not None else []
    unused = set()
    if not any("sd-tab-set" in element["classes"] for element in elements):
        unused.add("design-tabs.js")
    if not any(isinstance(element, nodes.literal_block) for element in elements):
        unused.add("pygments.css")
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [
                asset
                for asset in context[key]
                if posixpath.basename(str(getattr(asset, "filename", asset))) not in unused
            ]


def report_pages_in_no_toctree(app: Sphinx, env: BuildEnvironment) -> None:
    """Name the toctree each unlisted page belongs in (the nearest folder index page with
    one, else the home page), with the line to add."""
    listed = set().union(*env.toctree_includes.values(), *env.included.values())
    for docname in sorted(set(env.all_docs) - listed - {env.config.root_doc}):
        if "orphan" in env.metadata[docname]:
            continue
        folder, parent = posixpath.dirname(docname), env.config.root_doc
        while folder:
            if f"{folder}/index" != docname and env.toctree_includes.get(f"{folder}/index"):
                parent = f"{folder}/index"
                break
            folder = posixpath.dirname(folder)
        # An error, as the build fails on it (-W); ``suppress_warnings`` still applies.
        logger.error(
            "no page's navigation leads to this page: add the line `%s` to the {toctree} "
            "block in `%s`",
            posixpath.relpath(docname, posixpath.dirname(parent) or "."),
            env.doc2path(parent, False).as_posix(),
            location=f"{env.doc2path(docname, False).as_posix()}:1",
            type=WARNING_TYPE,
            subtype="pages",
        )


def report_unclosed_links(app: Sphinx, doctree: nodes.document) -> None:
    """A link or image the Markdown parser could not read stays on the page as text
    (``[x](members/index.md``, ``![x](team photo.png)``): say where and why."""
    for text in doctree.findall(nodes.Text):
        if isinstance(text.parent, (nodes.FixedTextElement, nodes.literal, nodes.raw)):
            continue  # code shows its brackets as written
        if any(MEMBERS_CLASSES.intersection(node["classes"]) for node in _ancestors(text)):
            continue  # a member's text from members.yaml, shown as written
        if found := UNCLOSED_LINK.search(text):
            page = app.env.doc2path(app.env.docname, False).as_posix()
            address, closed, _ = text[found.end() :].partition(")")
            logger.warning(
                "`%s` starts a link that is not closed: end the address with `)`"
                if not closed
                else "`%s` starts a link whose address has a space: write the address between "
                "`<` and `>`, as in `[words](<file name.pdf>)`"
                if " " in address.strip()
                else "`%s` is not a link: an address starts with https://, http:// or mailto:, "
                "or names a page or file of the site",
                shown(found[0]),
                location=f"{page}:{get_source_line(text.parent)[1] or 1}",
                type=WARNING_TYPE,
                subtype="pages",
            )


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while (node := node.parent) is not None:
        yield node


def check_images(app: Sphinx, doctree: nodes.document) -> None:
    """A local image's address is read as its file name (MyST writes `<team photo.png>` as
    ``team%20photo.png``), and an image over the limit, a logo too, is refused at the line
    that uses it: every visitor downloads it."""
    for image in doctree.findall(nodes.image):
        if "://" in image["uri"] or image["uri"].startswith("data:"):
            continue
        image["uri"] = unquote(image["uri"])
        name, found = app.env.relfn2path(image["uri"], app.env.docname)
        path = Path(found)
        if path.is_file() and (size := path.stat().st_size) > MAX_IMAGE_BYTES:
            logger.error(
                "the image `%s` is %d KB, over the limit of %d KB: save it smaller (a photo "
                "1,600 pixels wide, as JPEG at 80 %% quality, is usually below it)",
                shown(name),
                size // 1000,
                MAX_IMAGE_BYTES // 1000,
                location=f"{app.env.doc2path(app.env.docname, False).as_posix()}:"
                f"{get_source_line(image)[1] or 1}",
                type=WARNING_TYPE,
                subtype="images",
            )


def replace_sphinx_message(app: Sphinx, config: Config) -> None:
    config.suppress_warnings = [*config.suppress_warnings, "toc.not_included"]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", replace_sphinx_message)
    app.connect("builder-inited", check_sidebar)
    app.connect("env-check-consistency", report_pages_in_no_toctree)
    app.connect("doctree-read", report_unclosed_links)
    # Before the page checks (400) and Sphinx's image collector (500): both look for the
    # file under the image's address, which must be its name by then.
    app.connect("doctree-read", check_images, priority=300)
    app.connect("html-page-context", add_footer_pages)
    app.connect("html-page-context", leave_out_unused_assets)
