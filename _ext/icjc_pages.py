"""A page that no toctree lists gets a message naming the toctree to add it to.

Sphinx says "document isn't included in any toctree", which names neither the file that
lists pages nor the line to write there. A contributor who is not a programmer needs both,
so this message replaces Sphinx's: it names the toctree (the page's folder's index page
when that has one, else the home page) and the line to add. A toctree line with no file
is left to Sphinx's own located warning ("toctree contains reference to nonexisting
document").
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__version__ = "1.0.0"
logger = logging.getLogger(__name__)

#: Messages print as ``index.md:12: WARNING: ... [icjc.pages]``.
WARNING_TYPE = "icjc"
WARNING_SUBTYPE = "pages"
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
        logger.warning(
            "no page's navigation leads to this page: add the line `%s` to the {toctree} "
            "block in `%s`",
            line,
            page_file(env, parent),
            location=f"{page_file(env, docname)}:1",
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )


def replace_sphinx_message(app: Sphinx, config: Config) -> None:
    """Sphinx's "isn't included in any toctree" gives way to the message above."""
    config.suppress_warnings = [*config.suppress_warnings, "toc.not_included"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", replace_sphinx_message)
    app.connect("env-check-consistency", report_pages_in_no_toctree)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
