"""Read ``members/members.yaml``, check it, and return typed members.

Checking happens in three passes, and every problem of the file is collected before
anything is reported: YAML syntax, then the JSON Schema that editors use too, then the
rules a schema cannot express (unique ids and names, safe web addresses, logo files).

The schema is checked twice over only when the file is wrong: fastjsonschema answers
"valid or not" in a few milliseconds, and jsonschema, whose import alone costs about a
twentieth of a build, explains every problem when there is one.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .model import Member
from .yaml_lines import Document, KeyPath, Problem, parse

if TYPE_CHECKING:
    from collections.abc import Callable

    from jsonschema import Draft202012Validator, ValidationError

_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "array": "a list (lines starting with `- `)",
    "object": "a group of `field: value` lines",
    "null": "empty",
}


class MembersFileError(Exception):
    """The members file cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the members file")
        self.problems = sorted(problems, key=lambda problem: problem.line)


@cache
def _schema(schema_path: Path) -> dict[str, object]:
    return json.loads(schema_path.read_text(encoding="utf-8"))


@cache
def _quick_validator(schema_path: Path) -> Callable[[object], object]:
    import fastjsonschema

    return fastjsonschema.compile(
        _schema(schema_path), use_default=False, use_formats=False, detailed_exceptions=False
    )


def quick_schema_error(data: object, schema_path: Path) -> str | None:
    """The first way ``data`` breaks the schema, or None when it is valid."""
    import fastjsonschema

    try:
        _quick_validator(schema_path)(data)
    except fastjsonschema.JsonSchemaValueException as error:
        return error.message
    return None


@cache
def _validator(schema_path: Path) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(schema_path))


def load_members(
    path: Path, schema_path: Path, source_dir: Path, language: str = "en"
) -> tuple[Member, ...]:
    """Return the members in file order, or raise MembersFileError listing every problem.

    Fields with a value per language (``country: {en: The Netherlands, fr: Pays-Bas}``)
    are given in ``language``; see ``in_language`` for the fallback.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MembersFileError(
            [Problem(1, "the members file is missing: restore it from the main branch")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        bad = raw[error.start : error.start + 1].hex().upper()
        raise MembersFileError(
            [
                Problem(
                    line,
                    f"the file is not UTF-8 text (byte 0x{bad} on this line): "
                    "save it with the UTF-8 encoding in your editor",
                )
            ]
        ) from None
    if _only_comments(text):
        raise MembersFileError(
            [Problem(1, "the file is empty: it must start with `members:` and list the members")]
        )
    document = parse(text)
    problems = list(document.problems)
    if document.readable:
        problems += _schema_problems(document, schema_path)
        problems += _rule_problems(document, source_dir)
    if problems:
        raise MembersFileError(problems)
    return tuple(
        _member(entry, document.line_of(("members", index)), language)
        for index, entry in enumerate(document.data["members"])
    )


def _only_comments(text: str) -> bool:
    """True when the text holds nothing but blank lines and comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


#: Fields that may give a value per language; the others are the same in every language.
LOCALIZED_FIELDS = frozenset({"city", "region", "country"})
#: The language of the members file's plain values, and of names without ``name_language``.
SOURCE_LANGUAGE = "en"


def in_language(value: object, language: str) -> object:
    """A field's value in ``language``. Fallback: plain text is the same in every language;
    a per-language value missing the language falls back to English, then to the first."""
    if not isinstance(value, dict) or not value:
        return value
    if language in value:
        return value[language]
    return value.get(SOURCE_LANGUAGE, next(iter(value.values())))


def _member(entry: dict[str, object], line: int, language: str) -> Member:
    def text(key: str) -> str | None:
        value = entry.get(key)
        if key in LOCALIZED_FIELDS:
            value = in_language(value, language)
        return value.strip() or None if isinstance(value, str) else None

    return Member(
        id=entry["id"],
        name=text("name"),
        city=text("city"),
        country=text("country"),
        region=text("region"),
        url=text("url"),
        logo=text("logo"),
        description=text("description"),
        lat=entry.get("lat"),
        lon=entry.get("lon"),
        name_language=text("name_language") or SOURCE_LANGUAGE,
        line=line,
    )


# -- Schema -----------------------------------------------------------------------------


def _schema_problems(document: Document, schema_path: Path) -> list[Problem]:
    quick_error = quick_schema_error(document.data, schema_path)
    if quick_error is None:
        return []
    found: dict[tuple[int, str], None] = {}
    for error in _validator(schema_path).iter_errors(document.data):
        for problem in _explain(error, document):
            found[(problem.line, problem.message)] = None
    if not found:  # the two validators disagree: still refuse the file
        return [Problem(1, f"the file does not match {schema_path.name}: {quick_error}")]
    return [Problem(line, message) for line, message in found]


def _label(document: Document, path: KeyPath) -> str:
    """Name the member a path points into: 'member 3 (Name)', or 'the file'."""
    if len(path) < 2 or path[0] != "members" or not isinstance(path[1], int):
        return "the file"
    entry = document.data["members"][path[1]]
    name = entry.get("name") if isinstance(entry, dict) else None
    suffix = f" ({name})" if isinstance(name, str) and name.strip() else ""
    return f"member {path[1] + 1}{suffix}"


def _field(path: KeyPath) -> str:
    return str(path[-1]) if path and isinstance(path[-1], str) else ""


def _explain(error: ValidationError, document: Document) -> Iterator[Problem]:
    path: KeyPath = tuple(error.absolute_path)
    line = document.line_of(path)
    kind = error.validator
    name = _field(path)
    if kind == "required":
        for missing in error.validator_value:
            if not isinstance(error.instance, dict) or missing in error.instance:
                continue
            if _misspelled(missing, error.instance, error.schema):
                continue  # reported once, as an unknown field with "did you mean"
            if path:
                yield Problem(
                    line,
                    f"{_label(document, path)} has no `{missing}`: "
                    f"add a line `{missing}: ...` to it",
                )
            else:
                yield Problem(line, "the file must start with `members:` and list the members")
    elif kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        for key in error.instance:
            if key in known:
                continue
            close = _closest(key, known)
            hint = f"did you mean `{close[0]}`?" if close else f"the fields are {', '.join(known)}"
            where = _label(document, path)
            yield Problem(
                document.key_lines.get((*path, key), line),
                f"unknown field `{key}` in {where}: {hint}",
            )
    elif kind == "type":
        yield Problem(line, _type_message(error, path, name, document))
    elif "propertyNames" in error.relative_schema_path:
        yield Problem(
            document.key_lines.get((*path, error.instance), line),
            f"`{name}` in {_label(document, path)}: {error.instance!r} is not a language code: "
            "write it as en or fr, e.g. country: {en: The Netherlands, fr: Pays-Bas}",
        )
    elif kind == "pattern" and name == "id":
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(error.instance).lower()).strip("-") or "aba"
        yield Problem(
            line,
            f"`id` {error.instance!r} is not a valid id: use lowercase letters, digits and "
            f"single hyphens, e.g. `{suggestion}`",
        )
    elif kind in {"pattern", "minLength"}:
        yield Problem(line, f"`{name}` is empty in {_label(document, path)}: write the {name}")
    elif kind == "maxLength":
        limit = error.validator_value
        yield Problem(line, f"`{name}` is too long: keep it under {limit} characters")
    elif kind in {"minimum", "maximum"}:
        low, high = error.schema["minimum"], error.schema["maximum"]
        yield Problem(line, f"`{name}` must be a number from {low} to {high}")
    elif kind == "minItems":
        yield Problem(line, "`members` is empty: list at least one member")
    else:
        yield Problem(line, f"{_label(document, path)}: {error.message}")


def _closest(word: object, choices: list[str]) -> list[str]:
    return difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)


def _misspelled(field: str, instance: dict[str, object], schema: dict[str, object]) -> bool:
    """True when an unknown key of ``instance`` looks like a misspelling of ``field``."""
    known = sorted(schema.get("properties", {}))
    return any(_closest(key, known) == [field] for key in instance if key not in known)


def _type_message(error: ValidationError, path: KeyPath, name: str, document: Document) -> str:
    wanted = error.validator_value
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    expected = " or ".join(_TYPE_NAMES.get(kind, kind) for kind in wanted_list)
    if name in LOCALIZED_FIELDS:
        expected = "text, or one text per language ({en: The Hague, fr: La Haye})"
    actual = _describe_value(error.instance)
    if not path:
        return f"the file must start with `members:` and list the members, not {actual}"
    if name == "members":
        return f"`members` must be {expected}, one per member, not {actual}"
    if isinstance(path[-1], int):
        return (
            f"{_label(document, path)} must be {expected} (id, name, city, country, ...), "
            f"not {actual}"
        )
    hint = ""
    if "string" in wanted_list and isinstance(error.instance, bool | int | float):
        written = document.source_text.get(path, str(error.instance))
        hint = f': put it in double quotes, e.g. {name}: "{written}"'
    return f"`{name}` in {_label(document, path)} must be {expected}, not {actual}{hint}"


def _describe_value(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "text"


# -- Rules a schema cannot express ------------------------------------------------------


def _entries(document: Document) -> Iterator[tuple[KeyPath, dict[str, object]]]:
    """The members that are mappings, whatever else is wrong with the file."""
    members = document.data.get("members") if isinstance(document.data, dict) else None
    for index, entry in enumerate(members if isinstance(members, list) else []):
        if isinstance(entry, dict):
            yield ("members", index), entry


def _rule_problems(document: Document, source_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], KeyPath] = {}
    for path, entry in _entries(document):

        def at(key: str, path: KeyPath = path) -> int:
            return document.line_of((*path, key))

        for key, fix in (("id", "give each member its own id"), ("name", "list each member once")):
            value = entry.get(key)
            if not isinstance(value, str):
                continue
            first = first_seen.setdefault((key, " ".join(value.split()).casefold()), path)
            if first != path:
                problems.append(
                    Problem(
                        at(key),
                        f"the {key} {value!r} is already used on line {at(key, first)}: {fix}",
                    )
                )
        url = entry.get("url")
        if isinstance(url, str) and url.strip() and not is_safe_url(url.strip()):
            problems.append(
                Problem(
                    at("url"),
                    f"`url` {url.strip()!r} is not a web address: write the full "
                    "address starting with https:// (or http://), e.g. https://www.example.org/",
                )
            )
        logo = entry.get("logo")
        if isinstance(logo, str) and logo.strip():
            problem = _logo_problem(logo.strip(), source_dir)
            if problem:
                problems.append(Problem(at("logo"), problem))
        for key in ("lat", "lon"):
            value = entry.get(key)
            if isinstance(value, float) and not math.isfinite(value):
                problems.append(Problem(at(key), f"`{key}` must be a number, not {value}"))
    return problems


def is_safe_url(url: str) -> bool:
    """True for an absolute http(s) address with a host and no spaces or control characters."""
    if any(character.isspace() or ord(character) < 32 for character in url):
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(hostname)


def _logo_problem(logo: str, source_dir: Path) -> str | None:
    relative = Path(logo)
    if "://" in logo or relative.is_absolute() or ".." in relative.parts:
        return f"`logo` {logo!r} must be a path inside this repository, e.g. _static/logos/aba.svg"
    if not (source_dir / relative).is_file():
        return f"`logo` file {logo!r} does not exist: add the image or fix the path"
    return None
