"""Words the configuration carries outside the pages: the site description and the 404 page.

``conf.py`` runs before ``-D language=fr`` is applied, so these are chosen in
``config-inited``, from our message catalog, once the build's language is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import escape

from .catalog import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SITE_DESCRIPTION = _(
    "The International Criminal Justice Consortium (ICJC) is an independent, nonpartisan "
    "alliance of international organisations supporting the International Criminal Court "
    "and international criminal justice at the national level."
)


def set_site_texts(app: Sphinx, config: Config) -> None:
    """Put the description and the 404 page's words, in the build's language, in the config."""
    config.html_context = {**config.html_context, "site_description": str(SITE_DESCRIPTION)}
    if "notfound_context" not in config:  # sphinx-notfound-page is not in use
        return
    prefix = config.notfound_urls_prefix or "/"
    title = str(_("Page not found"))
    home = f'<a href="{escape(f"{prefix}{config.root_doc}.html")}">{escape(_("home page"))}</a>'
    sentence = str(
        escape(
            _(
                "This page does not exist, or has moved. "
                "Go to the {home}, or choose a page in the site navigation."
            )
        )
    ).format(home=home)
    config.notfound_context = {
        **config.notfound_context,
        "title": title,
        "body": f"<h1>{escape(title)}</h1><p>{sentence}</p>",
    }
