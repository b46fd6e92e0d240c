"""The site in several languages: English is the source, and ``-D language=fr`` (what Read
the Docs passes to its French project) builds French from ``locale/fr/LC_MESSAGES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .catalog import check_and_register
from .links import add_language_links, set_sitemap_addresses
from .messages import KeepIconsOutOfMessages, MarkUntranslatedText
from .site_texts import set_site_texts, share_the_page_description, translate_search_words

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def choose_language_values(app: Sphinx, config: Config) -> None:
    """Settings that depend on the build's language, which conf.py cannot see."""
    check_and_register(app, config)  # first: the words below come from the catalog
    if config.language not in config.icjc_languages:
        config.icjc_languages = {**config.icjc_languages, config.language: config.language}
    local = not config.html_baseurl and config.language != config.icjc_default_language
    if local and "notfound_urls_prefix" in config:
        # Locally, `make html-all` puts this language's pages in a folder named after it.
        config.notfound_urls_prefix = f"/{config.language}/"
    set_sitemap_addresses(config)
    set_site_texts(config)


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "icjc_languages", {"en": "English", "fr": "Français"}, "html", types=frozenset({dict})
    )
    app.add_config_value("icjc_default_language", "en", "html", types=frozenset({str}))
    # Where the catalogs are; Sphinx gets them, checked, from catalog.py (not locale_dirs).
    app.add_config_value("icjc_locale_dir", "locale", "env", types=frozenset({str}))
    # Before other handlers: the members extension reads words from the catalog.
    app.connect("config-inited", choose_language_values, priority=200)
    app.connect("html-page-context", add_language_links)
    # Before sphinxext-opengraph's handler (priority 500), which writes the og: tags.
    app.connect("html-page-context", share_the_page_description, priority=400)
    app.connect("build-finished", translate_search_words)
    app.add_transform(KeepIconsOutOfMessages)
    app.add_transform(MarkUntranslatedText)
