"""The language switch, the ``hreflang`` links and the sitemap: each page in every language.
On Read the Docs the site's address holds the language (``https://HOST/en/latest/``): the other
languages replace that segment. Locally, ``make html-all`` puts each other language in a folder
named after it: the switch is relative, and the head lists no alternates (they need full
addresses). EPUB, singlehtml and the PDF have no page per language: they get neither."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from .codes import site_languages, source_language

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The builders whose pages sit side by side with the other languages' builds.
SIDE_BY_SIDE = frozenset({"html", "dirhtml"})


def _split_at_language(url: str, language: str) -> tuple[str, list[str]] | None:
    """The address up to its ``language`` segment, and the segments after it."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    if language not in segments:
        return None
    at = segments.index(language)
    return urlunsplit(parts._replace(path="/".join(segments[:at]) + "/")), segments[at + 1 :]


def set_sitemap_addresses(config: Config) -> None:
    """Each language's sitemap: its pages, each with its address in every language (left
    alone, sphinx-sitemap read the languages from ``locale/`` and tagged English pages French)."""
    if "sitemap_url_scheme" not in config or not config.html_baseurl:
        return
    split = _split_at_language(config.html_baseurl, config.language)
    if split is None:
        config.sitemap_url_scheme = "{link}"
        config.sitemap_locales = [None]  # sphinx-sitemap's value for "no alternates"
        return
    config.site_url, after = split[0], "/".join(split[1]).strip("/")  # e.g. "latest"
    config.sitemap_url_scheme = "{lang}" + (f"{after}/" if after else "") + "{link}"
    config.sitemap_locales = list(site_languages(config))


def add_language_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give the templates this page in every language, and the switch to the other ones."""
    config = app.config
    current, default = config.language, source_language(config)
    # A translated page's words live in its catalog: "Edit this page" opens it, once it exists.
    catalogs = [Path(d, current, "LC_MESSAGES", f"{pagename}.po") for d in config.locale_dirs]
    found = [path for path in catalogs if current != default and path.is_file()]
    context["icjc_page_catalog"] = found[0].relative_to(app.srcdir).as_posix() if found else ""
    context.update(icjc_alternates=[], icjc_language_switch=[], icjc_default_language=default)
    if app.builder.name not in SIDE_BY_SIDE:
        return
    target = app.builder.get_target_uri(pagename)  # "about.html", or "about/" in dirhtml
    split = config.html_baseurl and _split_at_language(config.html_baseurl, current)
    # The way up to this language's root; the 404 page is served at any address, so it
    # starts from sphinx-notfound-page's absolute prefix.
    not_found = pagename == getattr(config, "notfound_pagename", None)
    up = config.notfound_urls_prefix if not_found else "../" * target.count("/")
    home = up + ("" if current == default else "../")  # locally, the default language's root
    alternates = []
    for language, name, _locale in site_languages(config).values():
        local = home + ("" if language == default else f"{language}/")
        root = split[0] + "/".join([language, *split[1]]) if split else local
        alternates.append({"language": language, "name": name, "href": root + target})
    context["icjc_language_switch"] = [a for a in alternates if a["language"] != current]
    if split:  # <link rel="alternate"> wants full addresses
        context["icjc_alternates"] = alternates
