"""The site's pages as the home page's toctree lists them: in the footer, and for the pages
that no toctree lists, a message naming the toctree to add them to.

- Every page's footer links the home page and each page its toctree lists, with the
  title the toctree gives it (translated with the home page), so that a new page
  listed there is in the footer too, with no template to edit.
- Sphinx says "document isn't included in any toctree", which names neither the file
  that lists pages nor the line to write there. A contributor who is not a programmer
  needs both, so this message replaces Sphinx's: it names the toctree (the page's
  folder's index page when that has one, else the home page) and the line to add. A
  toctree line with no file is left to Sphinx's own located warning ("toctree contains
  reference to nonexisting document").
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__version__ = "1.0.0"
logger = logging.getLogger(__name__)


def home_toctree_pages(env: BuildEnvironment) -> list[tuple[str, str]]:
    """(document, title) of each page the home page's toctrees list, in their order; the
    title is the toctree line's own when it gives one, else the page's."""
    root_doc: str = env.config.root_doc
    toc = env.tocs.get(root_doc)
    pages = []
    for toctree in toc.findall(addnodes.toctree) if toc else ():
        for title, docname in toctree["entries"]:
            if docname in env.all_docs and docname != root_doc:
                page_title = env.titles.get(docname)
                pages.append((docname, title or (page_title.astext() if page_title else "")))
    return pages


def add_footer_pages(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Give the footer template ``icjc_footer_pages``: (document, title) pairs."""
    context["icjc_footer_pages"] = home_toctree_pages(app.env)


def page_file(env: BuildEnvironment, docname: str) -> str:
    """The file of a document, relative to the source folder: ``events/index.md``."""
    return env.doc2path(docname, False).as_posix()


def toctree_to_extend(env: BuildEnvironment, docname: str) -> str:
    """The nearest index page above ``docname`` that has a toctree, else the home page."""
    folder = posixpath.dirname(docname)
    while folder:
        index = f"{folder}/index"
        if index != docname and env.toctree_includes.get(index):
            return index
        folder = posixpath.dirname(folder)
    root_doc: str = env.config.root_doc
    return root_doc


def report_pages_in_no_toctree(app: Sphinx, env: BuildEnvironment) -> None:
    """Name the toctree each unlisted page belongs in, with the line to add."""
    listed = set().union(*env.toctree_includes.values(), *env.included.values())
    for docname in sorted(env.all_docs):
        if docname in listed or docname == env.config.root_doc:
            continue
        if "orphan" in env.metadata[docname]:
            continue
        parent = toctree_to_extend(env, docname)
        line = posixpath.relpath(docname, posixpath.dirname(parent) or ".")
        # An error, as the build fails on it (-W); ``suppress_warnings`` still applies:
        # ``index.md:1: ERROR: ... [icjc.pages]``.
        logger.error(
            "no page's navigation leads to this page: add the line `%s` to the {toctree} "
            "block in `%s`",
            line,
            page_file(env, parent),
            location=f"{page_file(env, docname)}:1",
            type="icjc",
            subtype="pages",
        )


def replace_sphinx_message(app: Sphinx, config: Config) -> None:
    """Sphinx's "isn't included in any toctree" gives way to the message above."""
    config.suppress_warnings = [*config.suppress_warnings, "toc.not_included"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", replace_sphinx_message)
    app.connect("env-check-consistency", report_pages_in_no_toctree)
    app.connect("html-page-context", add_footer_pages)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
