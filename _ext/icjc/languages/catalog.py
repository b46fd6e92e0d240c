"""The catalogs reach Sphinx through ``locale_dirs``, checked in ``config-inited``: after Sphinx
has loaded ``sphinx.mo`` (the theme's words), before it compiles the pages' catalogs. A compiled
catalog that is not its checked ``.po`` compiled is deleted (Sphinx compiles it again), or, if
it is ``sphinx.mo``, already loaded, stops the build."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

from ..safety import Problem, shown, stop_on

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

DOMAIN = "icjc"
#: Marks a word for translation; it is looked up when it is turned into text.
_ = get_translation(DOMAIN)
sphinx_gettext = get_translation("sphinx")  # the theme's and Sphinx's own words

#: The words of Sphinx's search scripts (``searchtools.js``, ``sphinx_highlight.js``).
SEARCH_WORDS = (
    "Search Results",
    "Searching",
    "Preparing search...",
    ", in ",
    "Hide Search Matches",
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.",
)
#: Their plural message: singular and plural, each a message of its own in ``sphinx.po``.
SEARCH_PLURAL = (
    "Search finished, found one page matching the search query.",
    "Search finished, found ${resultCount} pages matching the search query.",
)


def check_and_load(app: Sphinx, config: Config) -> None:
    """Check this language's catalogs, compile what is stale, load our words' catalog."""
    # Absolute: Sphinx looks for sphinx.js from the working folder, for catalogs from srcdir.
    config.locale_dirs = [str(Path(app.srcdir, folder)) for folder in config.locale_dirs]
    language, fuzzy = config.language, config.gettext_allow_fuzzy_translations
    folders = [Path(d, language, "LC_MESSAGES") for d in config.locale_dirs]
    if not (folders := [folder for folder in folders if folder.is_dir()]):
        return
    from .markup import myst_parser  # MyST and Babel tools: only with catalogs
    from .po_file import compiled
    from .translation_check import check

    def relative(path: str | Path) -> str:
        return Path(path).relative_to(app.srcdir).as_posix()

    def mo_of(po: Path) -> bytes:  # what Sphinx compiles the checked ``.po`` to
        return compiled(read_po(io.BytesIO(po.read_bytes()), language), fuzzy)

    problems = [p for folder in folders for p in check(folder, None, myst_parser(config))]
    stops = [
        Problem(p.line, shown(p.message, 2000), relative(p.file)) for p in problems if p.blocking
    ]
    stop_on(stops, "translations", "catalogs named")
    for folder in folders:
        for mo in sorted(folder.rglob("*.mo")):
            po = mo.with_suffix(".po")
            if po.is_file() and mo.read_bytes() == mo_of(po):
                continue
            if mo == folder / "sphinx.mo":  # loaded by Sphinx before any extension runs
                message = "this compiled catalog is not sphinx.po compiled: delete it"
                stop_on([Problem(1, message, relative(mo))], "translations", "catalogs named")
            mo.unlink()  # Sphinx compiles the pages' catalogs again from the checked .po
    for folder in folders:  # once every catalog is known good
        ours = folder / f"{DOMAIN}.po"  # needed now, before Sphinx compiles the others
        if ours.is_file() and not ours.with_suffix(".mo").exists():
            ours.with_suffix(".mo").write_bytes(mo_of(ours))
        write_search_words(folder, language)
    app.add_message_catalog(DOMAIN, folders[0].parent.parent)


def write_search_words(folder: Path, language: str) -> None:
    """The search page's script words (``translations.js``), from the catalogs (ours, then
    Sphinx's own), written where Sphinx looks for a project's ``sphinx.js``. The plural rule
    comes from Babel; a plural's first form is the singular's words, the others the plural's."""
    plural, (one, many) = get_plural(language), SEARCH_PLURAL
    messages: dict[str, str | list[str]] = {words: sphinx_gettext(words) for words in SEARCH_WORDS}
    messages[one] = [sphinx_gettext(one), *[sphinx_gettext(many)] * (plural.num_plurals - 1)]
    script = {"locale": language, "messages": messages, "plural_expr": plural.plural_expr}
    text = json.dumps(script, ensure_ascii=False, indent=4)
    (folder / "sphinx.js").write_text(f"Documentation.addTranslations({text});\n", "utf-8")
