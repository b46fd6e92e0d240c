"""A catalog from a pull request reaches Sphinx only once checked, and our words' catalog.

Sphinx gets no ``locale_dirs`` from conf.py (it would publish a committed ``.mo``): the
catalogs are checked in ``config-inited``, a problem stops the build before anything is
written, and Sphinx gets a copy of the checked ``.po`` files next to its doctrees.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale, package_dir
from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

from icjc.safety import shown, stop_on

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

DOMAIN = "icjc"
#: Marks a word for translation; it is looked up when it is turned into text.
_ = get_translation(DOMAIN)


def check_and_register(app: Sphinx, config: Config) -> None:
    """Check this language's catalogs, hand Sphinx a copy, load the words used at start."""
    source = app.srcdir / config.icjc_locale_dir / config.language / "LC_MESSAGES"
    if not source.is_dir():
        return
    from .check import check, myst_config  # Babel's catalog tools: only with catalogs

    problems = []
    for problem in check(source, None, myst_config(config), build=True):
        where = shown(Path(problem.path).relative_to(app.srcdir), 300)
        if problem.blocking:
            problems.append((f"{where}:{problem.line}", shown(problem.message, 2000)))
    stop_on(problems, "translations", "catalogs named")
    checked = Path(app.doctreedir) / "locale"
    target = checked / config.language / "LC_MESSAGES"
    wanted = {path.relative_to(source) for path in source.rglob("*.po")}
    for name in wanted:  # an unchanged copy keeps its time: no page is read again
        data = (source / name).read_bytes()
        if not (target / name).is_file() or (target / name).read_bytes() != data:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
    for path in list(target.rglob("*.po")):
        if path.relative_to(target) not in wanted:
            path.unlink()
            path.with_suffix(".mo").unlink(missing_ok=True)
    config.locale_dirs = [str(checked)]
    # Sphinx loads its own words before extensions are set up, and compiles the other
    # catalogs only after: sphinx.po and icjc.po, read in config-inited, are loaded here.
    repository = CatalogRepository(
        app.srcdir, config.locale_dirs, config.language, config.source_encoding
    )
    for catalog in repository.catalogs:
        if catalog.domain in {"sphinx", DOMAIN} and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    locale.translators.pop(("general", "sphinx"), None)
    app.translator, _found = locale.init(
        [checked, None, Path(package_dir, "locale")], config.language
    )
    app.add_message_catalog(DOMAIN, checked)
