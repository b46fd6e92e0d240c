"""ICJC members from ``members/members.yaml``: member cards, the map, the sidebar list.

Volunteers keep the members in one YAML file; it is checked before the build (a mistake is
one located sentence, and the last good site stays), and every page's member content is
drawn from it. The Sphinx parts (``build``) are imported inside ``setup``, so that
``python -m icjc_members``, the quick check contributors run, loads only the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    from . import build

    build.setup(app)
    return {
        "version": "2.0.0",
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
