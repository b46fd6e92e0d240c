"""Words the configuration carries outside the pages: the site description, the 404 page
and the sharing previews (Open Graph).

``conf.py`` runs before ``-D language=fr`` is applied, so these are chosen in
``config-inited``, from our message catalog, once the build's language is known.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import escape
from sphinx.locale import _ as sphinx_gettext

from .catalog import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The Open Graph locale of each language: the site writes British English.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR"}

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
    label = escape(_("home page"))  # outside the f-string, where message extraction finds it
    home = f'<a href="{escape(f"{prefix}{config.root_doc}.html")}">{label}</a>'
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


def set_sharing_locales(app: Sphinx, config: Config) -> None:
    """Tell sharing previews the page's language and the other languages it exists in."""
    if "ogp_custom_meta_tags" not in config:  # sphinxext-opengraph is not in use
        return
    here = OPEN_GRAPH_LOCALES.get(config.language)
    if here is None:
        return
    tags = [f'<meta property="og:locale" content="{here}" />']
    tags += [
        f'<meta property="og:locale:alternate" content="{locale}" />'
        for language, locale in OPEN_GRAPH_LOCALES.items()
        if language != config.language and language in config.icjc_languages
    ]
    config.ogp_custom_meta_tags = (*config.ogp_custom_meta_tags, *tags)


def share_the_page_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """A sharing preview shows the page's own description, in the page's language.

    Without it, sphinxext-opengraph takes the page's first words, headings run together
    ("International Criminal Justice Consortium(ICJC): The ICJC is..."). Runs before
    sphinxext-opengraph's handler, which reads ``og:`` fields from ``context["meta"]``.
    """
    if doctree is None:
        return
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description" and meta.get("content"):
            context["meta"] = {**(context.get("meta") or {}), "og:description": meta["content"]}
            return


#: The plural of each plural message in Sphinx's search script (``searchtools.js``), keyed
#: by its singular: ``translations.js`` names only the singular.
SEARCH_PLURALS = {
    "Search finished, found one page matching the search query.": (
        "Search finished, found ${resultCount} pages matching the search query."
    ),
}


#: Characters that would make a translation markup where Sphinx's script writes HTML.
MARKUP = re.compile(r"[<>&]")


def translate_search_words(app: Sphinx, exception: BaseException | None) -> None:
    """The search page's words (``_static/translations.js``) as ``sphinx.po`` says them.

    Sphinx copies its own ``translations.js`` for the language, which ``sphinx.po`` cannot
    reach ("Cacher", "...", two phrasings of "search finished"). Each message is looked up
    as the templates' words are, ``sphinx.po`` first; a plural takes the singular's French
    for its first form and the plural's French for the others. Sphinx's script puts some of
    these words into the page as HTML: a translation holding ``<``, ``>`` or ``&`` is not
    taken, and Sphinx's own stays.
    """
    script = Path(app.outdir, "_static", "translations.js")
    if exception or app.builder.format != "html" or not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    catalog = json.loads(text[start:end])
    messages: dict[str, str | list[str]] = catalog["messages"]

    def ours(english: str) -> str | None:
        words = sphinx_gettext(english)
        return None if words == english or MARKUP.search(words) else words

    for english, french in messages.items():
        if isinstance(french, str):
            messages[english] = ours(english) or french
            continue
        plural_english = SEARCH_PLURALS.get(english)
        singular, plural = ours(english), plural_english and ours(plural_english)
        if singular and plural:
            messages[english] = [singular, *[plural] * (len(french) - 1)]
    script.write_text(
        text[:start] + json.dumps(catalog, ensure_ascii=False, indent=4) + text[end:],
        encoding="utf-8",
    )
