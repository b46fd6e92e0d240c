"""The catalogs reach Sphinx through ``locale_dirs``, checked first.

Sphinx compiles and loads ``sphinx.po`` (the theme's words) before any extension runs, and
the pages' catalogs when the build starts. In ``config-inited``, between the two, the
catalogs of the build's language are checked (a problem stops the build before anything is
written), and every compiled catalog must be what its checked ``.po`` compiles to: any other
page catalog is deleted (Sphinx compiles it again); any other ``sphinx.mo`` stops the build,
as Sphinx has loaded it already.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from sphinx.locale import _ as sphinx_gettext
from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

from ..safety import shown, stop_on

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

DOMAIN = "icjc"
#: Marks a word for translation; it is looked up when it is turned into text.
_ = get_translation(DOMAIN)

#: The words of Sphinx's search scripts (``searchtools.js``, ``sphinx_highlight.js``); a
#: plural message as (singular, plural), each a message of its own in ``sphinx.po``.
SEARCH_WORDS: tuple[str | tuple[str, str], ...] = (
    "Search Results",
    "Searching",
    "Preparing search...",
    ", in ",
    "Hide Search Matches",
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.",
    (
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ),
)


def check_and_load(app: Sphinx, config: Config) -> None:
    """Check this language's catalogs, compile what is stale, load our words' catalog."""
    # Absolute: Sphinx looks for sphinx.js from the working folder, for catalogs from srcdir.
    config.locale_dirs = [str(Path(app.srcdir, folder)) for folder in config.locale_dirs]
    folders = [Path(d, config.language, "LC_MESSAGES") for d in config.locale_dirs]
    folders = [folder for folder in folders if folder.is_dir()]
    if not folders:
        return
    from .check import check, myst_config  # Babel's catalog tools: only with catalogs

    stop_on(
        [
            (f"{shown(Path(p.path).relative_to(app.srcdir), 300)}:{p.line}", shown(p.message, 2000))
            for folder in folders
            for p in check(folder, None, myst_config(config), build=True)
            if p.blocking
        ],
        "translations",
        "catalogs named",
    )
    fuzzy = config.gettext_allow_fuzzy_translations
    for folder in folders:
        for mo in sorted(folder.rglob("*.mo")):
            po = mo.with_suffix(".po")
            if po.is_file() and mo.read_bytes() == compiled(po, config.language, fuzzy):
                continue
            if mo == folder / "sphinx.mo":  # loaded by Sphinx before any extension runs
                where = shown(mo.relative_to(app.srcdir), 300)
                message = "this compiled catalog is not sphinx.po compiled: delete it"
                stop_on([(f"{where}:1", message)], "translations", "catalogs named")
            mo.unlink()  # Sphinx compiles the pages' catalogs again from the checked .po
    repository = CatalogRepository(
        app.srcdir, config.locale_dirs, config.language, config.source_encoding
    )
    for catalog in repository.catalogs:
        if catalog.domain == DOMAIN and catalog.is_outdated():
            catalog.write_mo(config.language, fuzzy)
    for folder in folders:
        write_search_words(folder, config.language)
    app.add_message_catalog(DOMAIN, folders[0].parent.parent)


def compiled(po: Path, language: str, fuzzy: bool) -> bytes:
    """What Sphinx compiles ``po`` to (``CatalogInfo.write_mo``)."""
    with po.open("rb") as file:
        messages = read_po(file, language)
    output = io.BytesIO()
    write_mo(output, messages, fuzzy)
    return output.getvalue()


def write_search_words(folder: Path, language: str) -> None:
    """The search page's script words (``translations.js``), from the catalogs (ours, then
    Sphinx's own), written where Sphinx looks for a project's ``sphinx.js``. The plural rule
    comes from Babel; a plural's first form is the singular's words, the others the plural's."""
    plural = get_plural(language)
    messages: dict[str, str | list[str]] = {}
    for words in SEARCH_WORDS:
        if isinstance(words, str):
            messages[words] = sphinx_gettext(words)
        else:
            messages[words[0]] = [
                sphinx_gettext(words[0]),
                *[sphinx_gettext(words[1])] * (plural.num_plurals - 1),
            ]
    script = {"locale": language, "messages": messages, "plural_expr": plural.plural_expr}
    text = json.dumps(script, ensure_ascii=False, indent=4)
    (folder / "sphinx.js").write_text(f"Documentation.addTranslations({text});\n", "utf-8")
