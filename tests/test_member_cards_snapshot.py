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
def test_only_pages_with_tabs_or_code_load_their_script_and_styles(app, warning):
    app.build()
    assert not warning.getvalue()
    pages = {page: (app.outdir / f"{page}.html").read_text("utf-8") for page in ("index", "tabs")}
    for page, html in {**pages, "search": (app.outdir / "search.html").read_text("utf-8")}.items():
        assert ("design-tabs.js" in html) == ('class="sd-tab-set' in html), page
        assert ("pygments.css" in html) == ('class="highlight' in html), page
    assert 'class="sd-tab-set' in pages["tabs"]
    assert 'class="highlight' in pages["tabs"]
