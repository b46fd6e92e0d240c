"""Words outside the pages, in the page's language: the site description, the 404 page,
and sharing previews (Open Graph). The configuration's words are
set in ``config-inited``, as conf.py runs before ``-D language=fr`` is applied."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import escape

from .catalog import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .codes import Language

SITE_DESCRIPTION = _(
    "The International Criminal Justice Consortium (ICJC) is an independent, nonpartisan "
    "alliance of international organisations supporting the International Criminal Court "
    "and international criminal justice at the national level."
)

NOT_FOUND = _(
    "This page does not exist, or has moved. "
    "Go to the {home}, or choose a page in the site navigation."
)


def set_site_texts(config: Config, languages: dict[str, Language]) -> None:
    """The description, the 404 page's words and the sharing locales of the language."""
    config.html_context = {**config.html_context, "site_description": str(SITE_DESCRIPTION)}
    if "notfound_context" in config:  # sphinx-notfound-page is in use
        prefix = config.notfound_urls_prefix or "/"
        title = str(_("Page not found"))
        label = escape(_("home page"))  # outside the f-string, where extraction finds it
        home = f'<a href="{escape(f"{prefix}{config.root_doc}.html")}">{label}</a>'
        sentence = str(escape(NOT_FOUND)).format(home=home)
        config.notfound_context = {
            **config.notfound_context,
            "title": title,
            "body": f"<h1>{escape(title)}</h1><p>{sentence}</p>",
        }
    if "ogp_custom_meta_tags" in config:  # sphinxext-opengraph is in use
        tags = [f'<meta property="og:locale" content="{languages[config.language].locale}" />']
        tags += [
            f'<meta property="og:locale:alternate" content="{language.locale}" />'
            for code, language in languages.items()
            if code != config.language
        ]
        config.ogp_custom_meta_tags = (*config.ogp_custom_meta_tags, *tags)


def share_the_page_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """A sharing preview shows the page's own description, not its first words run
    together ("International Criminal Justice Consortium(ICJC): The ICJC is...")."""
    for meta in doctree.findall(nodes.meta) if doctree else ():
        if meta.get("name") == "description" and meta.get("content"):
            context["meta"] = {**(context.get("meta") or {}), "og:description": meta["content"]}
            return
