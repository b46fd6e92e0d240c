"""ICJC members from ``members/members.yaml``: member cards, the map, the sidebar list.

Volunteers keep the members in one YAML file; it is checked before the build (a mistake is
one located sentence, and the last good site stays), and every page's member content is
drawn from it. The Sphinx parts (``build``) are imported inside ``setup``, so that
``python -m icjc.members``, the quick check contributors run, loads only the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from . import build

    build.setup(app)
