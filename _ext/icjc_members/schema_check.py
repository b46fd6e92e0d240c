"""Check the members against ``members.schema.json`` (the schema editors use too), in plain words.

jsonschema explains every way the data breaks the schema; each explanation is turned
into one sentence with the fix, at the line of the value concerned. The schema is a file a
pull request can change too, so it is read with the same care as the members file: a
broken or odd schema (not an object, a reference to another file) is one located message.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from .model import MembersFileError, Problem
from .text_policy import shown
from .yaml_layout import Document, KeyPath

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

_TYPE_NAMES = {
    "string": "text",
    "number": "a plain decimal number, such as 41.8781",
    "array": "a list (lines starting with `- `)",
    "object": "a group of `field: value` lines",
    "null": "empty",
}


#: The fields the site cannot do without; a schema that stops requiring them is broken.
REQUIRED_FIELDS = ("id", "name", "city", "country")


def _broken(line: int, name: str, why: str) -> MembersFileError:
    """A problem of the schema file itself (``loading`` gives its path)."""
    return MembersFileError([Problem(line, f"{name} {why}: restore it from the main branch")])


@cache
def validator(text: str, name: str) -> Draft202012Validator:
    """The validator of the schema ``text``, or MembersFileError located in the schema."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from referencing import Registry

    try:
        schema = json.loads(text)
    except json.JSONDecodeError as error:
        raise _broken(error.lineno, name, f"is not valid JSON ({error.msg})") from None
    except (ValueError, RecursionError):  # a number of 5,000 digits, or nesting too deep
        raise _broken(1, name, "holds a number too long or groups nested too deeply") from None
    if not isinstance(schema, dict):
        raise _broken(1, name, "must be a JSON object (`{ ... }`)")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise _broken(
            1, name, f"is not a valid JSON Schema (at {shown(_pointer(error.path))})"
        ) from None
    except RecursionError:
        raise _broken(1, name, "holds groups nested too deeply") from None
    outside = [ref for ref in _references(schema) if not ref.startswith("#")]
    if outside:
        raise _broken(
            1, name, f"refers to another file ({shown(outside[0])}): it must be self-contained"
        )
    member = schema.get("$defs", {}).get("member", {})
    required = member.get("required", []) if isinstance(member, dict) else []
    if not set(REQUIRED_FIELDS) <= set(required) or schema.get("required") != ["members"]:
        raise _broken(1, name, f"no longer requires `members` and {', '.join(REQUIRED_FIELDS)}")
    # An empty registry: a reference is never fetched, from the network or from files.
    return Draft202012Validator(schema, registry=Registry())


def _references(schema: object) -> Iterator[str]:
    """Every ``$ref`` and ``$dynamicRef`` value of the schema."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in {"$ref", "$dynamicRef"} and isinstance(value, str):
                yield value
            yield from _references(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _references(item)


def _pointer(path: Iterable[object]) -> str:
    return "/" + "/".join(map(str, path))


def field_names(schema: Draft202012Validator) -> tuple[str, ...]:
    """Every field name the schema knows, at any level."""
    root = cast(Mapping[str, Any], schema.schema)  # ``validator`` keeps only objects
    member = root.get("$defs", {}).get("member", {})
    return (*root.get("properties", {}), *member.get("properties", {}))


def schema_problems(document: Document, schema: Draft202012Validator, name: str) -> list[Problem]:
    """The data's every departure from the schema, one sentence each, at its line."""
    from referencing.exceptions import Unresolvable

    found: dict[tuple[int, str], None] = {}
    try:
        for error in schema.iter_errors(document.data):
            for problem in _explain(error, document):
                found[(problem.line, problem.message)] = None
    except Unresolvable as error:
        raise _broken(1, name, f"refers to {shown(error)}, which it does not define") from None
    except (re.error, RecursionError):
        raise _broken(1, name, "holds a pattern that cannot be used") from None
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
    elif kind == "pattern" and name == "country_code":
        yield Problem(
            line,
            f"`country_code` {shown(instance)} is not an ISO 3166 country code: write the two "
            "capital letters of the country, e.g. country_code: FR",
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
