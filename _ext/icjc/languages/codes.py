"""The site's languages, listed once in conf.py's ``icjc_languages`` as Babel locale
identifiers (``en_GB``: the language and, where it matters, its region); the first is the
source. Their names and the sharing previews' locales come from Babel (CLDR)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from babel import Locale
from babel.core import get_global

if TYPE_CHECKING:
    from sphinx.config import Config


class Language(NamedTuple):
    code: str  # Sphinx's ``language``: "fr"
    name: str  # in itself: "Français"
    locale: str  # with its region, as Open Graph wants it: "fr_FR"


@cache
def describe(identifier: str) -> Language:
    here = Locale.parse(identifier)
    full = here if here.territory else Locale.parse(get_global("likely_subtags")[here.language])
    name = here.get_language_name() or here.language
    return Language(here.language, name[:1].upper() + name[1:], f"{full.language}_{full.territory}")


def site_languages(config: Config) -> dict[str, Language]:
    """The site's languages by code, the source first; the build's own is always one."""
    languages = {language.code: language for language in map(describe, config.icjc_languages)}
    if config.language not in languages:
        languages[config.language] = describe(config.language)
    return languages


def source_language(config: Config) -> str:
    return describe(config.icjc_languages[0]).code


def read_conf(conf_dir: str | Path = ".") -> dict[str, Any]:
    """conf.py's values, for the tools that run without Sphinx."""
    import runpy

    from sphinx.util.tags import Tags

    return runpy.run_path(str(Path(conf_dir, "conf.py")), init_globals={"tags": Tags()})


def translations() -> list[str]:
    """Every language but the source, as conf.py lists them: for the Makefile."""
    return [describe(identifier).code for identifier in read_conf()["icjc_languages"][1:]]
