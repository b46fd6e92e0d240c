"""The message catalog of our extensions' own words (map text, card labels, the 404 page).

Its French lives in ``locale/fr/LC_MESSAGES/icjc.po``, next to the pages' catalogs.
Sphinx compiles the ``.po`` files of ``locale_dirs`` only after extensions are set up, so a
clean build (every Read the Docs build) would show these words in English. The catalog is
therefore compiled here, in ``config-inited``, before it is registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The gettext domain of our extensions' words (``icjc.po``).
DOMAIN = "icjc"

#: Marks a word for translation; it is looked up when it is turned into text.
_ = get_translation(DOMAIN)


def compile_and_register(app: Sphinx, config: Config) -> None:
    """Compile ``icjc.po`` when it changed, then register every locale folder holding it."""
    repository = CatalogRepository(
        app.srcdir, config.locale_dirs, config.language, config.source_encoding
    )
    for catalog in repository.catalogs:
        if catalog.domain != DOMAIN:
            continue
        if catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
        locale_dir = catalog.base_dir.parent.parent  # locale/fr/LC_MESSAGES -> locale
        app.add_message_catalog(DOMAIN, locale_dir)
