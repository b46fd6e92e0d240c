"""The ICJC website's own Sphinx extension: one entry in ``extensions``.

- ``safety``: what a contributed file may do to the build, and the output gate;
- ``languages``: the checked translation catalogs, per-language settings and links;
- ``members``: ``members/members.yaml`` as member cards, the map and the sidebar list;
- ``pages``: the sidebar, the footer's links and the toctree messages;
- ``formats``: the PDF's chapters in the site's order.

The parts are imported in ``setup`` so that ``python -m icjc.members`` (the contributors'
quick check) loads only the members reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "3.0.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from . import formats, languages, pages, safety
    from .members import build as members

    safety.setup(app)  # first: what the build may read, before anything is read
    languages.setup(app)  # before members: the members' words come from its catalog
    members.setup(app)
    pages.setup(app)
    formats.setup(app)
    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
