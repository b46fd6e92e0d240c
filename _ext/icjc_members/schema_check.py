"""Check the members against ``members.schema.json`` (the schema editors use too), in plain words.

jsonschema explains every way the data breaks the schema; each explanation is turned
into one sentence with the fix, at the line of the value concerned.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .model import Problem
from .text_policy import shown
from .yaml_lines import Document, KeyPath

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

_TYPE_NAMES = {
    "string": "text",
    "number": "a plain decimal number, such as 41.8781",
    "array": "a list (lines starting with `- `)",
    "object": "a group of `field: value` lines",
    "null": "empty",
}


class SchemaFileError(Exception):
    """The schema file itself is broken; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@cache
def validator(schema_path: Path) -> Draft202012Validator:
    """The schema's validator, or SchemaFileError located in the schema file."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    name = schema_path.name
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SchemaFileError(
            Problem(
                error.lineno,
                f"{name} is not valid JSON ({error.msg}): restore it from the main branch",
                str(schema_path),
            )
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaFileError(
            Problem(
                1,
                f"{name} cannot be read ({type(error).__name__}): restore it from the main branch",
                str(schema_path),
            )
        ) from None
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise SchemaFileError(
            Problem(
                1,
                f"{name} is not a valid JSON Schema (at {shown(_pointer(error.path))}): "
                "restore it from the main branch",
                str(schema_path),
            )
        ) from None
    return Draft202012Validator(schema)


def _pointer(path: Iterable[object]) -> str:
    return "/" + "/".join(map(str, path))


def field_names(schema_path: Path) -> tuple[str, ...]:
    """Every field name the schema knows, at any level."""
    schema = validator(schema_path).schema
    if not isinstance(schema, Mapping):
        return ()
    member = schema.get("$defs", {}).get("member", {})
    return (*schema.get("properties", {}), *member.get("properties", {}))


def schema_problems(document: Document, schema_path: Path) -> list[Problem]:
    found: dict[tuple[int, str], None] = {}
    for error in validator(schema_path).iter_errors(document.data):
        for problem in _explain(error, document):
            found[(problem.line, problem.message)] = None
    return [Problem(line, message) for line, message in found]


def label(document: Document, path: KeyPath) -> str:
    """Name the member a path points into: 'member 3 (Name)', or 'the file'."""
    if len(path) < 2 or path[0] != "members" or not isinstance(path[1], int):
        return "the file"
    # The path came from a schema error on this data, so the file is a group with `members`.
    entry = cast(Mapping[str, Any], document.data)["members"][path[1]]
    name = entry.get("name") if isinstance(entry, dict) else None
    suffix = f" ({shown(name, 60)[1:-1]})" if isinstance(name, str) and name.strip() else ""
    return f"member {path[1] + 1}{suffix}"


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    """The (sub)schema that failed; empty for the boolean schemas, which have no keywords."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _explain(error: ValidationError, document: Document) -> Iterator[Problem]:
    path: KeyPath = tuple(error.absolute_path)
    line = document.line_of(path)
    # iter_errors sets these on every error it yields; jsonschema types them "maybe unset".
    kind = cast(str | None, error.validator)  # None for the `false` schema
    instance = cast(Any, error.instance)
    schema = _schema_of(error)
    name = str(path[-1]) if path and isinstance(path[-1], str) else ""
    if kind == "required":
        for missing in cast(list[str], error.validator_value):
            if not isinstance(instance, dict) or missing in instance:
                continue
            if _misspelled(missing, instance, schema):
                continue  # reported once, as an unknown field with "did you mean"
            if path:
                yield Problem(
                    line,
                    f"{label(document, path)} has no `{missing}`: "
                    f"add a line `{missing}: ...` to it",
                )
            else:
                yield Problem(line, "the file must start with `members:` and list the members")
    elif kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        for key in instance:
            if key in known:
                continue
            close = _closest(key, known)
            hint = f"did you mean `{close[0]}`?" if close else f"the fields are {', '.join(known)}"
            yield Problem(
                document.key_lines.get((*path, key), line),
                f"unknown field {shown(key, 40)} in {label(document, path)}: {hint}",
            )
    elif kind == "type":
        if isinstance(instance, dict | list) and name:
            line = document.key_lines.get(path, line)  # where `name:` is, not the lines below
        yield Problem(line, _type_message(error, path, name, document))
    elif "propertyNames" in error.relative_schema_path:
        yield Problem(
            document.key_lines.get((*path, instance), line),
            f"`{name}` in {label(document, path)}: {instance!r} is not a language code: "
            "write en or fr, e.g. country: {en: The Netherlands, fr: Pays-Bas}",
        )
    elif kind == "pattern" and name == "name_language":
        yield Problem(
            line,
            f"`name_language` {instance!r} is not a language code: write it in two "
            "letters, e.g. name_language: fr",
        )
    elif kind == "pattern" and name == "id":
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(instance).lower()).strip("-") or "aba"
        yield Problem(
            line,
            f"`id` {shown(instance)} is not a valid id: use lowercase letters, digits and "
            f"single hyphens, e.g. {shown(suggestion[:60])}",
        )
    elif kind in {"pattern", "minLength"}:
        yield Problem(line, f"`{name}` is empty in {label(document, path)}: write the {name}")
    elif kind == "maxLength":
        limit = error.validator_value
        yield Problem(line, f"`{name}` is too long: keep it to {limit} characters or fewer")
    elif kind in {"minimum", "maximum"}:
        low, high = schema.get("minimum", "any"), schema.get("maximum", "any")
        reason = " (the part of the world the map shows)" if name == "lat" else ""
        yield Problem(line, f"`{name}` must be a number from {low} to {high}{reason}")
    elif kind == "minItems":
        yield Problem(line, "`members` is empty: list at least one member")
    else:
        yield Problem(line, f"{label(document, path)}: {shown(error.message)}")


def _closest(word: object, choices: list[str]) -> list[str]:
    return difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)


def _misspelled(field: str, instance: dict[str, object], schema: Mapping[str, Any]) -> bool:
    """True when an unknown key of ``instance`` looks like a misspelling of ``field``."""
    known = sorted(schema.get("properties", {}))
    return any(_closest(key, known) == [field] for key in instance if key not in known)


def _type_message(error: ValidationError, path: KeyPath, name: str, document: Document) -> str:
    wanted = cast(str | list[str], error.validator_value)  # the schema's `type`, set by iter_errors
    wanted_list = wanted if isinstance(wanted, list) else [wanted]
    expected = " or ".join(_TYPE_NAMES.get(kind, kind) for kind in wanted_list if kind != "null")
    instance = cast(Any, error.instance)
    actual = _describe_value(instance, document.source_text.get(path))
    if not path:
        return f"the file must start with `members:` and list the members, not {actual}"
    if name == "members":
        if instance is None:
            return "`members` is empty: list at least one member below it, each starting with `- `"
        return f"`members` must be {expected}, one per member, not {actual}"
    if isinstance(path[-1], int):
        return (
            f"{label(document, path)} must be {expected} (id, name, city, country, ...), "
            f"not {actual}"
        )
    where = f"`{name}` in {label(document, path)}"
    if isinstance(instance, dict | list):
        return (
            f"{where} holds the indented lines below it: write its value on the same line, "
            f"and line the lines below up with `{name}:`"
        )
    hint = ""
    if "string" in wanted_list and isinstance(instance, bool | int | float):
        written = document.source_text.get(path, str(instance))
        hint = f': put it in double quotes, e.g. {name}: "{written}"'
    return f"{where} must be {expected}, not {actual}{hint}"


def _describe_value(value: object, written: str | None) -> str:
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
    return f"the text {shown(written if written is not None else value, 40)}"
