"""What this site relies on in the Furo theme, written down in one place.

Documented by Furo: its sidebar templates, listed in ``html_sidebars`` (below, shared by
``conf.py`` and the test roots so that the two cannot drift apart).

Not documented by Furo, and used only by ``icjc_navigation`` to draw the navigation tree
once per folder instead of once per page (Furo 2025.12.19):

- ``furo.navigation.get_navigation_tree`` turns Sphinx's toctree HTML into Furo's tree;
- Furo's ``html-page-context`` handler runs at the default priority and calls the page's
  ``toctree()`` helper with :data:`TOCTREE_ARGUMENTS`, then stores the tree in the context
  under :data:`NAVIGATION_TREE`;
- the tree's markup: a checkbox per item with children (:data:`CHECKBOX`), where Furo writes
  :data:`EXPANDED` on the current branch, and :data:`CURRENT_PAGE` on the current page's item.

``icjc_navigation`` checks these when the build starts and again on real pages; when any
does not hold, it leaves the navigation to Furo and the build says so in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypedDict

# -- Documented: the sidebar --------------------------------------------------------------

#: Furo's default sidebar (brand, search, scroll-start, navigation, ethical-ads, scroll-end,
#: variant-selector) with the member list added after the navigation, so that it scrolls
#: with it. Furo's ethical-ads (Read the Docs' adverts) and variant-selector (Read the
#: Docs' version menu) are left out: the site shows no third-party adverts and has one
#: version. ``_templates/sidebar/members.html`` must sit before ``sidebar/scroll-end.html``.
SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/members.html",
    "sidebar/scroll-end.html",
]
HTML_SIDEBARS = {"**": SIDEBARS}

# -- Undocumented: Furo's navigation tree -------------------------------------------------


class ToctreeArguments(TypedDict):
    collapse: bool
    titles_only: bool
    maxdepth: int
    includehidden: bool


#: The arguments Furo passes to the page's ``toctree()`` helper (``_compute_navigation_tree``).
TOCTREE_ARGUMENTS = ToctreeArguments(
    collapse=False, titles_only=True, maxdepth=-1, includehidden=True
)
#: The ``html-page-context`` priority of Furo's handler (Sphinx's default).
FURO_PRIORITY = 500
#: The template context key where Furo's handler puts the tree.
NAVIGATION_TREE = "furo_navigation_tree"
#: A checkbox that expands an item with children, as Furo writes it after the item's link.
CHECKBOX = re.compile(r' class="toctree-checkbox" id="toctree-checkbox-\d+"')
#: Written at a checkbox's place on the current page's branch.
EXPANDED = ' checked=""'
#: The class Furo adds to the deepest current item.
CURRENT_PAGE = "current-page"
#: Sphinx's own class for the items, lists and links on the current page's branch.
CURRENT = "current"


def furo_navigation_function() -> Callable[[str], str] | None:
    """Furo's ``get_navigation_tree``, looked up on each call; None if Furo has none."""
    try:
        from furo import navigation
    except ImportError:
        return None
    function = getattr(navigation, "get_navigation_tree", None)
    return function if callable(function) else None
