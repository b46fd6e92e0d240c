"""Read ``members/members.yaml``, check it, and return typed members.

One path, in passes, collecting every problem of a pass before anything is reported:
the file itself (readable, UTF-8, no hidden characters), its layout (YAML), then the JSON
Schema that editors use too, then the rules a schema cannot express. A pass runs only
when the one before it found nothing, so each mistake is reported once, where it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml

from .member_rules import entries, rule_problems
from .model import COORDINATES, LOCALIZED_FIELDS, SOURCE_LANGUAGE, TEXT_FIELDS, Member, Problem
from .schema_check import SchemaFileError, field_names, schema_problems, validator
from .source_file import SourceError, read_text
from .syntax_help import certain_mistakes, explain, likely_mistakes
from .text_policy import clean
from .yaml_lines import Document, compose, to_document


class MembersFileError(Exception):
    """The members file cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the members file")
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line))


def load_members(
    path: Path, schema_path: Path, source_dir: Path, language: str = SOURCE_LANGUAGE
) -> tuple[Member, ...]:
    """Return the members in file order, or raise MembersFileError listing every problem.

    Values given per language are taken in ``language`` (see ``in_language``)."""
    try:
        validator(schema_path)
        text = read_text(path, source_dir)
    except SchemaFileError as error:
        raise MembersFileError([_relative(error.problem, source_dir)]) from None
    except SourceError as error:
        raise MembersFileError(error.problems) from None
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise MembersFileError(
            [Problem(1, "the file is empty: it must start with `members:` and list the members")]
        )
    document = read_document(text, field_names(schema_path))
    problems = list(document.problems)
    if not problems:
        problems = schema_problems(document, schema_path)
        reported = {problem.line for problem in problems}
        # A value the schema refused is not checked again: one message per mistake.
        problems += [p for p in rule_problems(document, source_dir) if p.line not in reported]
    if problems:
        raise MembersFileError(problems)
    return tuple(
        _member(entry, document.line_of(path), language) for path, entry in entries(document)
    )


def read_document(text: str, fields: tuple[str, ...]) -> Document:
    """The YAML as data with lines, or a document holding only layout problems."""
    lines = text.split("\n")
    certain = certain_mistakes(lines, fields)
    if certain:
        return Document(problems=certain, usable=False)
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as error:
        return Document(problems=likely_mistakes(lines) or [explain(error, lines)], usable=False)
    except RecursionError:  # nesting the depth limit did not see, e.g. inside a key
        return Document(
            problems=[Problem(1, "lists or groups are nested too deeply")], usable=False
        )
    return to_document(root)


def _relative(problem: Problem, source_dir: Path) -> Problem:
    """The problem located by a path relative to the site, as Sphinx prints paths."""
    path = Path(problem.file).resolve()
    if path.is_relative_to(source_dir.resolve()):
        path = path.relative_to(source_dir.resolve())
    return Problem(problem.line, problem.message, path.as_posix())


def in_language(value: object, language: str) -> object:
    """A field's value in ``language``. The fallback rule: plain text is the same in every
    language; a value per language without this language falls back to English, then to
    the first one given."""
    if not isinstance(value, dict) or not value:
        return value
    if language in value:
        return value[language]
    return value.get(SOURCE_LANGUAGE, next(iter(value.values())))


def _member(entry: dict[str, object], line: int, language: str) -> Member:
    values = {
        key: in_language(entry.get(key), language) if key in LOCALIZED_FIELDS else entry.get(key)
        for key in TEXT_FIELDS
    }
    text = {key: clean(value) or None for key, value in values.items() if isinstance(value, str)}
    text.setdefault("name_language", SOURCE_LANGUAGE)
    # The schema has already checked that the coordinates are numbers.
    numbers = {
        key: float(cast(float, entry[key])) for key in COORDINATES if entry.get(key) is not None
    }
    # Keyword arguments of several types: the schema has checked which fields are present.
    fields: dict[str, Any] = {**text, **numbers}
    return Member(**fields, line=line)
