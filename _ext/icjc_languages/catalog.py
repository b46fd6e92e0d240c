"""The translation catalogs reach Sphinx only once checked, and our own words' catalog.

A catalog can come from a pull request, and Sphinx would compile and publish whatever it
holds (HTML in the theme's words, a foreign link, a file linked from outside the
repository). So conf.py gives Sphinx no ``locale_dirs``: here, in ``config-inited``, the
catalogs of the build's language are checked as ``make check-translations`` checks them; a
problem stops the build with its located message before anything is written, and
otherwise Sphinx gets a copy of them next to its doctrees.

Sphinx loads its own words' catalog before extensions are set up, and compiles the other
catalogs only after, so ``sphinx.po`` and ``icjc.po`` (the words of our extensions, which
other handlers read in ``config-inited``) are compiled and loaded here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale, package_dir
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository

from .check import check, myst_config, shown

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The gettext domain of our extensions' words (``icjc.po``).
DOMAIN = "icjc"

#: Marks a word for translation; it is looked up when it is turned into text.
_ = get_translation(DOMAIN)


def check_and_register(app: Sphinx, config: Config) -> None:
    """Check this language's catalogs, hand Sphinx a copy, load the words used at start."""
    relative = Path(config.icjc_locale_dir, config.language, "LC_MESSAGES")
    source = app.srcdir / relative
    if not source.is_dir():
        return
    problems = [
        problem
        for problem in check(source, None, myst_config(config), build=True)
        if problem.blocking
    ]
    for problem in problems:
        where = Path(problem.path).relative_to(app.srcdir) if problem.path else relative
        logger.error(
            shown(problem.message, 2000),
            location=f"{shown(where, 300)}:{problem.line}",
            type="icjc",
            subtype="translations",
        )
    if problems:
        logger.info("The site was not built: fix the catalogs named above, then build again.")
        raise SystemExit(1)  # not an exception: Sphinx would print a crash report
    checked = Path(app.doctreedir) / "locale"
    _copy(source, checked / config.language / "LC_MESSAGES")
    config.locale_dirs = [str(checked)]
    repository = CatalogRepository(
        app.srcdir, config.locale_dirs, config.language, config.source_encoding
    )
    for catalog in repository.catalogs:
        if catalog.domain in {"sphinx", DOMAIN} and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    # Sphinx's words again, the project's catalog first, as Sphinx loads them at start.
    locale.translators.pop(("general", "sphinx"), None)
    app.translator, _found = locale.init(
        [checked, None, Path(package_dir, "locale")], config.language
    )
    app.add_message_catalog(DOMAIN, checked)


def _copy(source: Path, target: Path) -> None:
    """Copy the checked ``.po`` files; unchanged ones keep their time (no rebuild)."""
    wanted = {path.relative_to(source) for path in source.rglob("*.po")}
    for name in wanted:
        data = (source / name).read_bytes()
        copy = target / name
        if not copy.is_file() or copy.read_bytes() != data:
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
    if target.is_dir():
        for path in list(target.rglob("*.po")):
            if path.relative_to(target) not in wanted:
                path.unlink()
                path.with_suffix(".mo").unlink(missing_ok=True)
