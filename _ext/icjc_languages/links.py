"""The language switch and the ``hreflang`` alternates: the same page in every language.

Where the pages of each language live:

- on Read the Docs, one project per language: ``READTHEDOCS_CANONICAL_URL`` (``site_url``)
  holds the language, ``https://HOST/en/latest/``; the other languages' addresses replace
  that path segment (``/fr/latest/``). Links are absolute.
- locally (no ``site_url``), as ``make html-all`` lays them out: the default language at the
  root of ``_build/html``, each other language in a folder named after it
  (``_build/html/fr/``). Links are relative, so the switch works offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True, slots=True)
class Alternate:
    """The current page in one language."""

    language: str
    name: str  # the language's own name, e.g. "Français"
    href: str


def language_roots(
    site_url: str, current: str, default: str, languages: list[str]
) -> dict[str, str]:
    """Each language's site root: absolute from ``site_url``, else relative to this root."""
    if site_url:
        parts = urlsplit(site_url)
        segments = parts.path.split("/")
        if current in segments:
            at = segments.index(current)

            def root(language: str) -> str:
                path = "/".join([*segments[:at], language, *segments[at + 1 :]])
                return urlunsplit(parts._replace(path=path))

            return {language: root(language) for language in languages}
    up = "" if current == default else "../"
    return {
        language: ""
        if language == current
        else up + ("" if language == default else f"{language}/")
        for language in languages
    }


def set_sitemap_addresses(config: Config) -> None:
    """Each language's sitemap: its own pages, each with its address in every language.

    sphinx-sitemap builds an address as ``site_url`` + ``sitemap_url_scheme`` (``{lang}`` is
    the build's language) and adds one alternate per entry of ``sitemap_locales``. Left
    alone, it takes ``site_url`` (Read the Docs' ``https://HOST/en/latest/``) whole and
    guesses the languages from ``locale/``, so every English address was tagged French. Here
    the language segment moves into the scheme. An address with no language segment has no
    known other-language addresses: no alternates then.
    """
    if "sitemap_url_scheme" not in config or not config.html_baseurl:
        return
    parts = urlsplit(config.html_baseurl)
    segments = parts.path.split("/")
    if config.language not in segments:
        config.sitemap_url_scheme = "{link}"
        config.sitemap_locales = [None]  # sphinx-sitemap's value for "no alternates"
        return
    at = segments.index(config.language)
    after = "/".join(segments[at + 1 :]).strip("/")  # e.g. "latest"
    config.site_url = urlunsplit(parts._replace(path="/".join(segments[:at]) + "/"))
    config.sitemap_url_scheme = "{lang}" + (f"{after}/" if after else "") + "{link}"
    config.sitemap_locales = list(config.icjc_languages)


def page_alternates(app: Sphinx, pagename: str) -> tuple[Alternate, ...]:
    """This page in every language, the current one included."""
    config = app.config
    roots = config.icjc_language_roots
    target = app.builder.get_target_uri(pagename)
    # The way up to this language's root: relative, except on the 404 page, which is served
    # at any address and so starts from sphinx-notfound-page's absolute prefix.
    if pagename == getattr(config, "notfound_pagename", None):
        up = config.notfound_urls_prefix
    else:
        up = "../" * pagename.count("/")
    return tuple(
        Alternate(
            language,
            config.icjc_languages[language],
            root + target if "://" in root else up + root + target,
        )
        for language, root in roots.items()
    )


def add_language_links(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give the templates this page's alternates and the switch to the other languages."""
    alternates = page_alternates(app, pagename)
    context["icjc_alternates"] = alternates
    context["icjc_default_alternate"] = next(
        item for item in alternates if item.language == app.config.icjc_default_language
    )
    context["icjc_language_switch"] = [
        item for item in alternates if item.language != app.config.language
    ]
