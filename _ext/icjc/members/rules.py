"""The rules a schema cannot express: the text policy of every value, web addresses, logo
files, and fields that must differ between members."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from icjc.safety import Problem, shown

from .text_policy import comparison_key, value_problem
from .yaml_reader import Document, KeyPath

LOGO_FOLDER = "_static"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
#: Every image of the site, a logo included: a larger file slows every visit.
MAX_IMAGE_BYTES = 200_000
#: Fields that must differ between members, with what to do when they do not.
UNIQUE_FIELDS = {"id": "give each member its own id", "name": "list each member once"}
_URL_FIX = "write the full address, e.g. https://www.example.org/"
_URL_CHARACTERS = {
    " ": "a space", "\\": "a backslash", '"': "a double quote", "'": "a single quote",
    "<": "an angle bracket", ">": "an angle bracket", "`": "a backtick",
}  # fmt: skip


def url_problem(url: str, source_dir: Path) -> str | None:
    """Why ``url`` is not a plain http(s) address with a host, or None."""
    where = f"`url` `{shown(url)}`"
    for character, what in _URL_CHARACTERS.items():
        if character in url:
            return f"{where} holds {what}, which a web address cannot: {_URL_FIX}"
    if any(character.isspace() or not character.isprintable() for character in url):
        return f"{where} holds an invisible character: {_URL_FIX}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return f"{where} is not a valid web address: {_URL_FIX}"
    if parts.scheme.lower() not in {"http", "https"}:
        return f"{where} must start with https:// (or http://): {_URL_FIX}"
    if parts.username is not None or parts.password is not None:
        return (
            f"{where} holds a user name or password (before `@`): remove it, it would be published"
        )
    return None if parts.hostname else f"{where} has no host name after `//`: {_URL_FIX}"


def logo_problem(logo: str, source_dir: Path) -> str | None:
    """Why ``logo`` is not an image file inside ``_static/`` (links resolved), or None."""
    where = f"`logo` `{shown(logo)}`"
    fix = f"put the image in {LOGO_FOLDER}/logos/ and write e.g. {LOGO_FOLDER}/logos/aba.svg"
    folder = (source_dir / LOGO_FOLDER).resolve()
    if not logo.startswith(f"{LOGO_FOLDER}/") or re.search(r"\\|://|(^|/)\.", logo):
        return f"{where} must be a path inside {LOGO_FOLDER}/, without hidden folders: {fix}"
    if not logo.lower().endswith(LOGO_SUFFIXES):
        return f"{where} must be an SVG, PNG, JPEG or WebP image ({', '.join(LOGO_SUFFIXES)})"
    try:
        path = (source_dir / logo).resolve(strict=True)
        size = path.stat().st_size
    except FileNotFoundError:
        return f"{where}: the file does not exist: add the image or fix the path"
    except (OSError, RuntimeError):  # RuntimeError: a link loop, on Python 3.11
        return f"{where} cannot be read: {fix}"
    inside = path.relative_to(folder).parts if path.is_relative_to(folder) else (".",)
    if any(part.startswith(".") for part in inside) or not path.is_file():
        return f"{where} leads outside {LOGO_FOLDER}/ or to a folder: {fix}"
    if not path.name.lower().endswith(LOGO_SUFFIXES):
        return f"{where} leads to a file that is not an image ({path.name}): {fix}"
    if size > MAX_IMAGE_BYTES:
        return (
            f"{where} is {size // 1000} KB, over the limit of {MAX_IMAGE_BYTES // 1000} KB "
            "for an image: save it smaller (an SVG, or a PNG about 400 pixels wide)"
        )
    return None


def entries(document: Document) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """The members that are mappings, whatever else is wrong with the file."""
    members = document.data.get("members") if isinstance(document.data, dict) else None
    for index, entry in enumerate(members if isinstance(members, list) else []):
        if isinstance(entry, dict):
            yield ("members", index), entry


def rule_problems(document: Document, source_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], KeyPath] = {}
    rules = {"url": url_problem, "logo": logo_problem}
    for path, entry in entries(document):
        # Each text, and each language's text of a value per language ({en: …, fr: …}).
        texts = [((*path, key), key, value) for key, value in entry.items()]
        texts += [
            ((*path, key, language), key, text)
            for key, value in entry.items()
            if isinstance(value, dict)
            for language, text in value.items()
        ]
        for where, key, value in texts:
            if not isinstance(value, str):
                continue
            # A block value (`>` or `|`) ends with a line break: not part of the value.
            message = value_problem(key, value.strip("\n"), multiline=key == "description")
            if message is None and value.strip() and key in rules:
                message = rules[key](value.strip(), source_dir)
            if message is None and key in UNIQUE_FIELDS:
                first = first_seen.setdefault((key, comparison_key(value)), path)
                if first != path:
                    message = (
                        f"the {key} `{shown(value)}` is already used on line "
                        f"{document.line_of((*first, key))}: {UNIQUE_FIELDS[key]}"
                    )
            if message:
                problems.append(Problem(document.line_of(where), message))
        given = [key for key in ("lat", "lon") if entry.get(key) is not None]
        if len(given) == 1:
            one, other = (*given, *{"lat", "lon"} - {*given})
            message = f"`{one}` is given without `{other}`: add `{other}: ...` (both place "
            message += f"the member on the map) or remove `{one}`"
            problems.append(Problem(document.line_of((*path, one)), message))
    return problems
