"""The rules a schema cannot express: the text policy, unique ids and names (look-alikes
included), safe web addresses, small logo files that stay inside ``_static/``, real country
codes, and coordinates given in pairs.

Each field's rule is looked up in ``FIELD_RULES``; a field added to the schema (a name in
another language, say) gets the text policy with no change here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .model import COORDINATES, Problem
from .text_policy import comparison_key, shown, value_problem
from .yaml_layout import Document, KeyPath

LOGO_FOLDER = "_static"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
#: A logo is shown a few hundred pixels wide: a larger file slows every visit.
MAX_LOGO_BYTES = 500_000
#: Fields whose value may span lines.
MULTILINE_FIELDS = frozenset({"description"})
#: Fields that must differ between members, with what to do when they do not.
UNIQUE_FIELDS = {"id": "give each member its own id", "name": "list each member once"}
_URL_FIX = "write the full address, e.g. https://www.example.org/"


def url_problem(url: str, source_dir: Path) -> str | None:
    """Why ``url`` is not a plain http(s) address with a host, or None."""
    for character, what in (
        (" ", "a space"),
        ("\\", "a backslash"),
        ('"', "a double quote"),
        ("'", "a single quote"),
        ("<", "an angle bracket"),
        (">", "an angle bracket"),
        ("`", "a backtick"),
    ):
        if character in url:
            return f"`url` {shown(url)} holds {what}, which a web address cannot: {_URL_FIX}"
    if any(character.isspace() or not character.isprintable() for character in url):
        return f"`url` {shown(url)} holds an invisible character: {_URL_FIX}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return f"`url` {shown(url)} is not a valid web address: {_URL_FIX}"
    if parts.scheme.lower() not in {"http", "https"}:
        return f"`url` {shown(url)} must start with https:// (or http://): {_URL_FIX}"
    if parts.username is not None or parts.password is not None:
        return (
            f"`url` {shown(url)} holds a user name or password (before `@`): "
            "remove it, the site publishes the address"
        )
    if not parts.hostname:
        return f"`url` {shown(url)} has no host name after `//`: {_URL_FIX}"
    return None


def logo_problem(logo: str, source_dir: Path) -> str | None:
    """Why ``logo`` is not an image file inside ``_static/``, or None."""
    where = f"`logo` {shown(logo)}"
    fix = f"put the image in {LOGO_FOLDER}/logos/ and write e.g. {LOGO_FOLDER}/logos/aba.svg"
    pure = PurePosixPath(logo)
    if logo.endswith("/"):
        return f"{where} ends with `/`, like a folder: write the path of the image file, {fix}"
    if "\\" in logo or "://" in logo or pure.is_absolute() or ".." in pure.parts:
        return f"{where} must be a path inside {LOGO_FOLDER}/: {fix}"
    if pure.parts[:1] != (LOGO_FOLDER,) or len(pure.parts) < 2:
        return f"{where} must be inside {LOGO_FOLDER}/: {fix}"
    if any(part.startswith(".") for part in pure.parts):
        return f"{where} is in a hidden folder or file: {fix}"
    if pure.suffix.lower() not in LOGO_SUFFIXES:
        return f"{where} must be an SVG, PNG, JPEG or WebP image ({', '.join(LOGO_SUFFIXES)})"
    folder = (source_dir / LOGO_FOLDER).resolve()
    try:
        path = (source_dir / logo).resolve(strict=True)
        info = path.stat()
    except FileNotFoundError:
        return f"{where}: the file does not exist: add the image or fix the path"
    except (OSError, RuntimeError) as error:
        code = error.errno if isinstance(error, OSError) else None
        reason = os.strerror(code) if code else "a link loop"
        return f"{where} cannot be read ({reason.lower()}): {fix}"
    relative = path.relative_to(folder) if path.is_relative_to(folder) else None
    if relative is None or any(part.startswith(".") for part in relative.parts):
        return f"{where} leads outside {LOGO_FOLDER}/ (through a link): {fix}"
    if not stat.S_ISREG(info.st_mode):
        return f"{where} is not a regular file: {fix}"
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return f"{where} leads to a file that is not an image ({path.name}): {fix}"
    if info.st_size > MAX_LOGO_BYTES:
        return (
            f"{where} is {info.st_size / 1_000_000:.1f} MB, over the limit of "
            f"{MAX_LOGO_BYTES // 1000} kB for a logo: save it smaller (an SVG, or a PNG "
            "about 400 pixels wide)"
        )
    return None


def country_code_problem(code: str, source_dir: Path) -> str | None:
    """Why ``code`` is not an ISO 3166 country code (Babel's list of territories), or None."""
    from babel import Locale

    not_countries = {"EU", "EZ", "QO", "UN", "ZZ"}  # groups and "unknown" in Babel's list
    if (
        code.isascii()
        and code.isalpha()
        and code in Locale("en").territories.keys() - not_countries
    ):
        return None
    return (
        f"`country_code` {shown(code)} is not an ISO 3166 country code: write the two "
        "capital letters of the country, e.g. country_code: FR"
    )


#: Checks of one field's text beyond the text policy: (value, source dir) -> message.
FIELD_RULES: dict[str, Callable[[str, Path], str | None]] = {
    "url": url_problem,
    "logo": logo_problem,
    "country_code": country_code_problem,
}


def entries(document: Document) -> Iterator[tuple[KeyPath, dict[str, object]]]:
    """The members that are mappings, whatever else is wrong with the file."""
    members = document.data.get("members") if isinstance(document.data, dict) else None
    for index, entry in enumerate(members if isinstance(members, list) else []):
        if isinstance(entry, dict):
            yield ("members", index), entry


def _text_values(entry: dict[str, object]) -> Iterator[tuple[str, str, KeyPath]]:
    """Each text of a member and where it is; a value per language ({en: …, fr: …}) is one
    text per language, each under the same policy."""
    for key, value in entry.items():
        if isinstance(value, str):
            yield key, value, (key,)
        elif isinstance(value, dict):
            for language, text in value.items():
                if isinstance(text, str):
                    yield key, text, (key, language)


def rule_problems(document: Document, source_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], KeyPath] = {}
    for path, entry in entries(document):

        def at(key: str, path: KeyPath = path) -> int:
            return document.line_of((*path, key))

        for key, value, where in _text_values(entry):
            # A block value (`>` or `|`) ends with a line break: not part of the value.
            message = value_problem(key, value.strip("\n"), multiline=key in MULTILINE_FIELDS)
            if message is None and value.strip() and key in FIELD_RULES:
                message = FIELD_RULES[key](value.strip(), source_dir)
            if message:
                problems.append(Problem(document.line_of((*path, *where)), message))
                continue
            if key in UNIQUE_FIELDS:
                first = first_seen.setdefault((key, comparison_key(value)), path)
                if first != path:
                    problems.append(
                        Problem(
                            at(key),
                            f"the {key} {shown(value)} is already used on line "
                            f"{at(key, first)}: {UNIQUE_FIELDS[key]}",
                        )
                    )
        given = [key for key in COORDINATES if entry.get(key) is not None]
        if len(given) == 1:
            other = next(key for key in COORDINATES if key not in given)
            problems.append(
                Problem(
                    at(given[0]),
                    f"`{given[0]}` is given without `{other}`: add "
                    f"`{other}: ...` (both place the member on the map) or remove `{given[0]}`",
                )
            )
    return problems
