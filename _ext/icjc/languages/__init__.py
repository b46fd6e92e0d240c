"""The site in several languages: English is the source, and ``-D language=fr`` (what Read
the Docs passes to its French project) builds French from ``locale/fr/LC_MESSAGES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .catalog import check_and_load
from .codes import site_languages, source_language
from .links import add_language_links, set_sitemap_addresses
from .messages import KeepIconsOutOfMessages, MarkUntranslatedText
from .site_texts import set_site_texts, share_the_page_description

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def choose_language_values(app: Sphinx, config: Config) -> None:
    """Settings that depend on the build's language, which conf.py cannot see."""
    check_and_load(app, config)  # first: the words below come from the catalog
    source = source_language(config)
    if not config.html_baseurl and config.language != source and "notfound_urls_prefix" in config:
        # Locally, `make html-all` puts this language's pages in a folder named after it.
        config.notfound_urls_prefix = f"/{config.language}/"
    set_sitemap_addresses(config)
    set_site_texts(config, site_languages(config))


def setup(app: Sphinx) -> None:
    app.add_config_value("icjc_languages", ["en_GB"], "html", types=frozenset({list}))
    app.connect("config-inited", choose_language_values)
    app.connect("html-page-context", add_language_links)
    # Before sphinxext-opengraph's handler (priority 500), which writes the og: tags.
    app.connect("html-page-context", share_the_page_description, priority=400)
    app.add_transform(KeepIconsOutOfMessages)
    app.add_transform(MarkUntranslatedText)
