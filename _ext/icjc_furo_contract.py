"""The member list in Furo's sidebar, below the navigation, on every page.

Furo documents its sidebar as a list of templates in ``html_sidebars``; the site adds its
member list (``_templates/sidebar/members.html``) after the navigation, so that it scrolls
with it, and leaves out Furo's ethical-ads (Read the Docs' adverts) and variant-selector
(Read the Docs' version menu): the site shows no third-party adverts and has one version.

The list lives here, shared by ``conf.py`` and the test roots so that the two cannot drift
apart. When the build starts, each template is looked up; if one is missing (a Furo
release renamed it), the sidebar falls back to Furo's own and the build says so in one line.

The site relies on Furo in two other places, each with its own fallback:
``icjc_lean_assets`` trims Furo's ``styles/furo-extensions.css`` (linked untrimmed, with
one line, when it is missing), and ``_templates/page.html`` names Furo's landmarks by
replacing its markup (when that changes the replacements do nothing, and the
accessibility tests say so).
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

#: Furo's default sidebar with the member list after the navigation, without Furo's
#: ethical-ads and variant-selector. ``sidebar/members.html`` sits before
#: ``sidebar/scroll-end.html`` so that it scrolls with the navigation.
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
    """Fall back to Furo's own sidebar when one of the templates listed cannot be found."""
    sidebars = app.config.html_sidebars.get("**")
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader) or sidebars is None:
        return  # not an HTML build, or a template engine of another extension
    for name in sidebars:
        try:
            templates.environment.get_template(name)
        except TemplateNotFound:
            logger.info("Sidebar: the theme has no %s; pages get Furo's own sidebar.", name)
            app.config.html_sidebars = {
                pattern: value
                for pattern, value in app.config.html_sidebars.items()
                if pattern != "**"
            }
            return


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", check_sidebar)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
