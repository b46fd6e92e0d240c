"""Incremental builds rewrite every page whose navigation changed, as a clean build would.

Sphinx writes only the pages it re-read. Every page's sidebar shows the whole site's
navigation, so after a page is added, removed, renamed or retitled, the pages that were
not re-read would keep the old navigation until ``make clean``. This extension compares
what the navigation is drawn from (the documents, their titles and every toctree) before
and after reading; when it differs, every page is written again. It also deletes the
HTML of removed pages, so an incremental build leaves the same pages as a clean one.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__version__ = "1.0.0"
logger = logging.getLogger(__name__)

#: The toctree options that change how the navigation is drawn.
TOCTREE_OPTIONS = ("hidden", "includehidden", "maxdepth", "numbered", "titlesonly", "caption")


def navigation_digest(env: BuildEnvironment) -> str:
    """A digest of everything the navigation and the previous/next links are drawn from."""
    digest = hashlib.sha256()
    for docname in sorted(env.all_docs):
        title = env.titles.get(docname)
        digest.update(f"\0{docname}\0{title.astext() if title else ''}".encode())
        toc = env.tocs.get(docname)
        for toctree in toc.findall(addnodes.toctree) if toc else ():
            options = [toctree.get(name) for name in TOCTREE_OPTIONS]
            digest.update(repr((toctree["entries"], options)).encode())
    return digest.hexdigest()


class NavigationWatch:
    """The navigation's digest from before reading, to compare with the one after."""

    def __init__(self) -> None:
        self.before: str | None = None

    def note_before_reading(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        # A first build (an empty environment) writes every page anyway.
        self.before = navigation_digest(env) if env.all_docs else None
        builder = app.builder
        if builder.format == "html" and hasattr(builder, "get_outfilename"):
            for docname in removed:
                builder.get_outfilename(docname).unlink(missing_ok=True)
        return []

    def pages_to_rewrite(self, app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
        if self.before is None or navigation_digest(env) == self.before:
            return []
        logger.info("the navigation changed: every page will be written again")
        return sorted(env.all_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    watch = NavigationWatch()
    app.connect("env-get-outdated", watch.note_before_reading)
    app.connect("env-updated", watch.pages_to_rewrite)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
