"""ICJC members from ``members/members.yaml``: member cards, the map, the sidebar list.

The Sphinx parts are imported in ``setup``, so that ``python -m icjc.members`` (the quick
check contributors run) loads only the reader.
"""

from typing import Any


def setup(app: Any) -> None:
    from . import build

    build.setup(app)
