"""The members against ``members.schema.json`` (the schema editors use too; a pull request
can change it), then the rules a schema cannot express: one sentence per mistake, at its line."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from icjc.safety import Problem, shown

from .text_policy import comparison_key, value_problem
from .yaml_reader import Document, KeyPath, MembersFileError

if TYPE_CHECKING:
    from jsonschema_rs import ValidationError, Validator

#: The fields the site cannot do without; a schema that stops requiring them is broken.
REQUIRED_FIELDS = ["id", "name", "city", "country"]
_NO_MEMBERS = "the file must start with `members:` and list the members"
_TYPE_NAMES = {
    "string": "text", "number": "a plain decimal number, such as 41.8781",
    "array": "a list (lines starting with `- `)", "object": "a group of `field: value` lines",
}  # fmt: skip
Schema = tuple[dict[str, Any], "Validator"]  # the rules, and their validator


@cache
def read_schema(text: str, name: str) -> Schema:
    """The schema, compiled, or MembersFileError located in the schema."""
    import jsonschema_rs

    def never_fetch(uri: str) -> Any:
        raise ValueError(uri)

    def broken(line: int, why: str) -> MembersFileError:
        message = f"{name} {why}: restore it from the main branch"
        return MembersFileError([Problem(line, message, name)])

    try:
        rules = json.loads(text)
        if re.search(r'"\$(?:dynamicRef|ref)"\s*:\s*"[^#"]', text):
            raise ValueError(text)  # another file: the retriever is not asked for every one
        validator = jsonschema_rs.Draft202012Validator(rules, retriever=never_fetch)
        required = rules["$defs"]["member"]["required"]
    except json.JSONDecodeError as error:
        raise broken(error.lineno, f"is not valid JSON ({error.msg})") from None
    except (jsonschema_rs.ValidationError, ValueError, RecursionError, LookupError, TypeError):
        raise broken(1, "is not a valid, self-contained JSON Schema") from None
    if not set(REQUIRED_FIELDS) <= set(required) or rules.get("required") != ["members"]:
        raise broken(1, f"no longer requires `members` and {', '.join(REQUIRED_FIELDS)}")
    return rules, validator


def schema_problems(document: Document, schema: Schema) -> list[Problem]:
    try:
        errors = list(schema[1].iter_errors(document.data))
    except UnicodeEncodeError:  # a lone surrogate ("\\ud800"): the rules name it, at its line
        return []
    # A value of the wrong type gets that message alone, not also its enum's or pattern's.
    mistyped = {tuple(error.instance_path) for error in errors if error.kind.name == "type"}
    found = {
        (line, message): None
        for error in errors
        if error.kind.name == "type" or tuple(error.instance_path) not in mistyped
        for line, message in _explain(error, schema[0], document)
    }
    return [Problem(line, message) for line, message in found]


def label(document: Document, path: KeyPath) -> str:
    """'member 3 (Name)', or 'the file'."""
    if len(path) < 2 or path[0] != "members" or not isinstance(path[1], int):
        return "the file"
    entry = document.data["members"][path[1]]  # type: ignore[index]  # the schema's error path
    name = entry.get("name") if isinstance(entry, dict) else None
    name = next(iter(name.values()), None) if isinstance(name, dict) and name else name
    suffix = f" ({shown(name, 60)})" if isinstance(name, str) and name.strip() else ""
    return f"member {path[1] + 1}{suffix}"


def _explain(
    error: ValidationError, rules: dict[str, Any], document: Document
) -> Iterator[tuple[int, str]]:
    path: KeyPath = tuple(error.instance_path)
    line, where = document.line_of(path), label(document, path)
    kind, instance, value = error.kind.name, cast(Any, error.instance), cast(Any, error.kind.value)
    schema: Any = rules  # the part of the schema holding the keyword
    for step in error.schema_path[:-1]:
        schema = schema[step]
    name = str(path[-1]) if path and isinstance(path[-1], str) else ""
    known = sorted(schema.get("properties", {}))
    if kind == "required":
        # A misspelling is reported once, as an unknown field.
        unknown = [key for key in instance if key not in known]
        if not any(difflib.get_close_matches(key, known, n=1) == [value] for key in unknown):
            message = f"{where} has no `{value}`: add a line `{value}: ...` to it"
            yield line, message if path else _NO_MEMBERS
    elif kind == "additionalProperties":
        for key in value:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"the fields are {', '.join(known)}"
            message = f"unknown field `{shown(key, 40)}` in {where}: {hint}"
            yield document.key_lines.get((*path, key), line), message
    elif kind == "type":
        yield line, _type_message(value, instance, path, name, document)
    elif kind == "propertyNames":
        message = f"`{name}` in {where}: {value.instance!r} is not a language code: "
        message += "write en or fr, e.g. city: {en: The Hague, fr: La Haye}"
        yield document.key_lines.get((*path, value.instance), line), message
    else:
        yield line, _message(kind, instance, value, schema, name, where)


def _message(kind: str, instance: Any, value: Any, schema: Any, name: str, where: str) -> str:
    if kind == "pattern" and name == "name_language":
        return (
            f"`name_language` {instance!r} is not a language code: write it in two letters, e.g. fr"
        )
    if kind == "enum" and name == "country":
        return f"`country` `{shown(instance)}` is not an ISO 3166 country code: write the " + (
            f"code, country: {code}"
            if (code := _code_for(instance))
            else "country's two capital letters (CH for Switzerland)"
        )
    if kind == "pattern" and name == "id":
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(instance).lower()).strip("-") or "aba"
        return (
            f"`id` `{shown(instance)}` is not a valid id: use lowercase letters, digits and "
            f"single hyphens, e.g. `{shown(suggestion[:60])}`"
        )
    if kind in {"pattern", "minLength", "minProperties"}:
        return f"`{name}` is empty in {where}: write the {name}"
    if kind == "maxLength":
        return f"`{name}` is too long: keep it to {value} characters or fewer"
    if kind in {"minimum", "maximum"}:
        reason = " (the part of the world the map shows)" if name == "lat" else ""
        return f"`{name}` must be a number from {schema['minimum']} to {schema['maximum']}{reason}"
    if kind == "minItems":
        return "`members` is empty: list at least one member"
    return f"{where}: `{name}` does not follow the schema ({kind})"


def _code_for(name: object) -> str | None:
    """The code of a country written by name, in English or French, misspelt or not."""
    from babel import Locale

    codes = {
        territory.casefold(): str(code)
        for language in ("en", "fr")
        for code, territory in Locale.parse(language).territories.items()
        if re.fullmatch("[A-Z]{2}", code)
    }
    close = difflib.get_close_matches(str(name).strip().casefold(), codes, n=1, cutoff=0.8)
    return codes[close[0]] if close else None


def _type_message(
    wanted: str | list[str], instance: Any, path: KeyPath, name: str, document: Document
) -> str:
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    expected = " or ".join(_TYPE_NAMES.get(kind, kind) for kind in wanted_list if kind != "null")
    written = document.source_text.get(path, instance)
    actual = (
        "empty" if instance is None
        else f"yes/no ({str(instance).lower()})" if isinstance(instance, bool)
        else f"a number ({instance})" if isinstance(instance, int | float)
        else "a list" if isinstance(instance, list)
        else "a group of fields" if isinstance(instance, dict)
        else f"the text `{shown(written, 40)}`"
    )  # fmt: skip
    if not path:
        return f"{_NO_MEMBERS}, not {actual}"
    if name == "members":
        if instance is None:
            return "`members` is empty: list at least one member below it, each starting with `- `"
        return f"`members` must be {expected}, one per member, not {actual}"
    if isinstance(path[-1], int):
        fields = "(id, name, city, country, ...)"
        return f"{label(document, path)} must be {expected} {fields}, not {actual}"
    where = f"`{name}` in {label(document, path)}"
    if isinstance(instance, dict | list) and document.key_lines.get(path) != document.line_of(path):
        return (
            f"this line is indented further than `{name}:` above it, so it became part of "
            f"{where}: line it up with `{name}:`"
        )
    if isinstance(instance, bool | int | float) and "string" in wanted_list:
        quoted = f'{name}: "{written}"'
        return f"{where} must be {expected}, not {actual}: put it in double quotes, e.g. {quoted}"
    one_value = ": write one value" if isinstance(instance, dict | list) else ""
    return f"{where} must be {expected}, not {actual}{one_value}"


# -- The rules a schema cannot express ----------------------------------------------------

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
