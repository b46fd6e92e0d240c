"""The structure of the member cards, pinned by a stored snapshot of their doctree.

Like sphinx-design's ``tests/test_snippets.py``: the nodes the ``member-cards`` directive
makes, normalised, are compared with ``tests/test_member_cards_snapshot/*.xml``. After an
intended change to the cards, regenerate the snapshot and review its diff:

    .venv/bin/pytest tests/test_member_cards_snapshot.py --force-regen
"""

from __future__ import annotations

import pytest
from docutils import nodes


def member_grids(doctree: nodes.document) -> list[nodes.container]:
    return [
        node
        for node in doctree.findall(nodes.container)
        if "icjc-member-grid" in node.get("classes", [])
    ]


@pytest.mark.sphinx("html", testroot="member-cards", freshenv=True)
def test_member_cards_structure(app, warning, file_regression):
    app.build()
    assert not warning.getvalue()
    doctree = app.env.get_doctree("index")
    grids = member_grids(doctree)
    assert len(grids) == 2
    snapshot = "\n".join(grid.pformat(indent="  ") for grid in grids)
    file_regression.check(snapshot, basename="member_cards", extension=".xml")


@pytest.mark.sphinx("html", testroot="member-cards", freshenv=True)
def test_only_pages_with_tabs_load_the_tabs_script(app, warning):
    app.build()
    assert not warning.getvalue()
    for page in ("index", "tabs"):
        html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
        has_tabs = 'class="sd-tab-set' in html
        assert ("design-tabs.js" in html) == has_tabs, page
    assert 'class="sd-tab-set' in (app.outdir / "tabs.html").read_text(encoding="utf-8")
