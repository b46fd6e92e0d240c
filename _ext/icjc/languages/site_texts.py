"""Words outside the pages, in the page's language: the site description, the 404 page,
sharing previews (Open Graph) and the search page's script. The configuration's words are
set in ``config-inited``, as conf.py runs before ``-D language=fr`` is applied."""

from __future__ import annotations

import json
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

NOT_FOUND = _(
    "This page does not exist, or has moved. "
    "Go to the {home}, or choose a page in the site navigation."
)

#: The plural of each plural message of Sphinx's search script, keyed by its singular:
#: ``translations.js`` names only the singular.
SEARCH_PLURALS = {
    "Search finished, found one page matching the search query.": (
        "Search finished, found ${resultCount} pages matching the search query."
    ),
}


def set_site_texts(config: Config) -> None:
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
    here = OPEN_GRAPH_LOCALES.get(config.language)
    if "ogp_custom_meta_tags" in config and here:  # sphinxext-opengraph is in use
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
    """A sharing preview shows the page's own description, not its first words run
    together ("International Criminal Justice Consortium(ICJC): The ICJC is...")."""
    for meta in doctree.findall(nodes.meta) if doctree else ():
        if meta.get("name") == "description" and meta.get("content"):
            context["meta"] = {**(context.get("meta") or {}), "og:description": meta["content"]}
            return


def translate_search_words(app: Sphinx, exception: BaseException | None) -> None:
    """The search page's words as ``sphinx.po`` says them: Sphinx copies its own
    ``translations.js``, which our catalog does not reach ("Cacher", two phrasings of "search
    finished"). A plural's first form is the singular's French, the others the plural's."""
    script = Path(app.outdir, "_static", "translations.js")
    if exception or app.builder.format != "html" or not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    catalog = json.loads(text[start:end])
    messages: dict[str, str | list[str]] = catalog["messages"]

    def ours(english: str) -> str | None:
        words = sphinx_gettext(english)
        return None if words == english else words

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
