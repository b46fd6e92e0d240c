"""The members against ``members.schema.json`` (the schema editors use too; a pull request
can change it): each error the validator finds as one sentence, at its line."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from icjc.safety import Problem, shown

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
