"""What the site takes from Furo, each checked when the build starts, with a fallback.

- ``html_sidebars`` (Furo's documented sidebar templates): the member list
  (``_templates/sidebar/members.html``) after the navigation, before ``scroll-end`` so that
  it scrolls with it; no ethical-ads (Read the Docs' adverts) nor variant-selector (one
  version). Shared by ``conf.py`` and the test roots. A template the theme lacks gives
  Furo's own sidebar, with one line.
- ``styles/furo-extensions.css``, trimmed by ``icjc_lean_assets``: linked untrimmed, with
  one line, when it is missing.
- ``_templates/page.html`` names Furo's landmarks by replacing its markup: when that
  changes, the replacements do nothing and the accessibility tests say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"
logger = logging.getLogger(__name__)

SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/members.html",
    "sidebar/scroll-end.html",
]
HTML_SIDEBARS = {"**": SIDEBARS}


def check_sidebar(app: Sphinx) -> None:
    """Fall back to Furo's own sidebar when a template listed cannot be found."""
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return  # not an HTML build
    for name in app.config.html_sidebars.get("**", ()):
        try:
            templates.environment.get_template(name)
        except TemplateNotFound:
            logger.info("Sidebar: the theme has no %s; pages get Furo's own sidebar.", name)
            sidebars = app.config.html_sidebars.items()
            app.config.html_sidebars = {key: value for key, value in sidebars if key != "**"}
            return


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", check_sidebar)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
