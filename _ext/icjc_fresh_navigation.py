"""Incremental builds leave the same pages as a clean one.

Every page's sidebar shows the whole site's navigation, but Sphinx writes only the pages it
re-read: after a page is added, removed, renamed or retitled, every page is written again
(``env-updated`` returns them all), and the HTML of a removed page is deleted.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__version__ = "1.0.0"
logger = logging.getLogger(__name__)
TOCTREE_OPTIONS = ("hidden", "includehidden", "maxdepth", "numbered", "titlesonly", "caption")


def navigation_digest(env: BuildEnvironment) -> str:
    """A digest of what the navigation and the previous/next links are drawn from."""
    digest = hashlib.sha256()
    for docname in sorted(env.all_docs):
        title = env.titles.get(docname)
        digest.update(f"\0{docname}\0{title.astext() if title else ''}".encode())
        for toctree in env.tocs[docname].findall(addnodes.toctree) if docname in env.tocs else ():
            options = [toctree.get(name) for name in TOCTREE_OPTIONS]
            digest.update(repr((toctree["entries"], options)).encode())
    return digest.hexdigest()


def setup(app: Sphinx) -> dict[str, Any]:
    before: list[str] = []  # the digest before reading; none on a first build

    def note_before_reading(
        app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        before[:] = [navigation_digest(env)] if env.all_docs else []
        if app.builder.format == "html" and hasattr(app.builder, "get_outfilename"):
            for docname in removed:
                app.builder.get_outfilename(docname).unlink(missing_ok=True)
        return []

    def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
        if not before or navigation_digest(env) == before[0]:
            return []
        logger.info("the navigation changed: every page will be written again")
        return sorted(env.all_docs)

    app.connect("env-get-outdated", note_before_reading)
    app.connect("env-updated", pages_to_rewrite)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
