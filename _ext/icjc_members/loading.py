"""Read ``members/members.yaml``, check it, and return typed members, or every problem found.

A contributor's mistake must end in a sentence at its line, never in a traceback or a
hang. One path, in passes, collecting every problem of a pass before anything is
reported: the file itself (whatever is at its path: a link, a folder, a pipe; UTF-8; no
hidden characters), its layout (YAML), then the JSON Schema that editors use too, then the
rules a schema cannot express. A pass runs only when the one before it found nothing, so
each mistake is reported once, where it is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, cast

from .member_rules import entries, rule_problems
from .model import (
    COORDINATES,
    LOCALIZED_FIELDS,
    SOURCE_LANGUAGE,
    TEXT_FIELDS,
    Member,
    MembersFileError,
    Problem,
)
from .schema_check import field_names, schema_problems, validator
from .text_policy import clean, describe, forbidden_in_file
from .yaml_layout import read_document


def load_members(
    path: Path, schema_path: Path, source_dir: Path, language: str = SOURCE_LANGUAGE
) -> tuple[Member, ...]:
    """Return the members in file order, or raise MembersFileError listing every problem.

    Values given per language are taken in ``language`` (see ``in_language``)."""
    try:
        schema = validator(read_text(schema_path, None, schema_path.name), schema_path.name)
    except MembersFileError as error:
        raise MembersFileError(
            [_in_file(problem, schema_path, source_dir) for problem in error.problems]
        ) from None
    text = read_text(path, source_dir)
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise MembersFileError(
            [Problem(1, "the file is empty: it must start with `members:` and list the members")]
        )
    document = read_document(text, field_names(schema))
    problems = list(document.problems)
    if not problems:
        try:
            problems = schema_problems(document, schema, schema_path.name)
        except MembersFileError as error:  # a reference inside the schema leads nowhere
            raise MembersFileError(
                [_in_file(problem, schema_path, source_dir) for problem in error.problems]
            ) from None
        reported = {problem.line for problem in problems}
        # A value the schema refused is not checked again: one message per mistake.
        problems += [p for p in rule_problems(document, source_dir) if p.line not in reported]
    if problems:
        raise MembersFileError(problems)
    return tuple(
        _member(entry, document.line_of(path), language) for path, entry in entries(document)
    )


def _in_file(problem: Problem, path: Path, source_dir: Path) -> Problem:
    """The problem located in ``path``, relative to the site, as Sphinx prints paths."""
    resolved = path.absolute()
    if resolved.is_relative_to(source_dir.absolute()):
        resolved = resolved.relative_to(source_dir.absolute())
    return Problem(problem.line, problem.message, resolved.as_posix())


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
    country = entry.get("country")
    names = country.values() if isinstance(country, dict) else [country]
    # The schema has already checked that the coordinates are numbers.
    numbers = {
        key: float(cast(float, entry[key])) for key in COORDINATES if entry.get(key) is not None
    }
    # Keyword arguments of several types: the schema has checked which fields are present.
    fields: dict[str, Any] = {**text, **numbers}
    countries = tuple(dict.fromkeys(clean(name) for name in names if isinstance(name, str)))
    return Member(**fields, country_names=countries, line=line)


# -- The file as text ----------------------------------------------------------------------

#: Two hundred members take about 40 kB; a file fifty times that is a mistake.
MAX_BYTES = 2_000_000


def _stop(message: str, line: int = 1) -> MembersFileError:
    return MembersFileError([Problem(line, message)])


def read_text(path: Path, source_dir: Path | None, what: str = "the members file") -> str:
    """The text of the file ``what`` names, with ``\\n`` line ends, or MembersFileError.

    With ``source_dir``, the file must be inside it, links resolved."""
    try:
        info = path.stat()
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise _stop(
                f"{what} is a link to a file that does not exist: "
                "replace the link with the file itself"
            ) from None
        raise _stop(f"{what} is missing: restore it from the main branch") from None
    except RuntimeError:  # Path.resolve on a loop, before Python 3.13
        raise _stop(
            f"{what} is a link that leads back to itself: replace it with the file itself"
        ) from None
    except OSError as error:
        raise _stop(_os_message(error, what)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _stop(
            f"{what} is a folder, not a file: "
            "move the folder away and restore the file from the main branch"
        )
    if not stat.S_ISREG(info.st_mode):
        raise _stop(
            f"{what} is not a regular file (it is a device or a pipe): "
            "restore the file from the main branch"
        )
    if source_dir is not None and not resolved.is_relative_to(source_dir.resolve()):
        raise _stop(
            f"{what} is a link to a file outside the site's folder: "
            "replace the link with the file itself"
        )
    if info.st_size > MAX_BYTES:
        raise _stop(
            f"{what} is larger than {MAX_BYTES // 1_000_000} MB: "
            "it should hold only the members' short entries"
        )
    try:
        raw = resolved.read_bytes()
    except OSError as error:
        raise _stop(_os_message(error, what)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        bad = raw[error.start : error.start + 1].hex().upper()
        raise _stop(
            f"the file is not UTF-8 text (byte 0x{bad} on this line): "
            "save it with the UTF-8 encoding in your editor",
            line,
        ) from None
    text = text.replace("\r\n", "\n")
    problems = character_problems(text)
    if problems:
        raise MembersFileError(problems)
    return text


def character_problems(text: str) -> list[Problem]:
    """One problem per line that holds characters no line may hold."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = list(dict.fromkeys(ch for ch in line if forbidden_in_file(ch)))
        if found:
            names = " and ".join(describe(ch) for ch in found[:2])
            more = f" (and {len(found) - 2} more)" if len(found) > 2 else ""
            problems.append(
                Problem(
                    number, f"this line holds {names}{more}, invisible or misleading: delete it"
                )
            )
    return problems


def _os_message(error: OSError, what: str) -> str:
    if error.errno == errno.ELOOP:
        return f"{what} is a link that leads back to itself: replace it with the file itself"
    if error.errno in {errno.EACCES, errno.EPERM}:
        return f"{what} cannot be read (permission denied): make it readable (chmod a+r)"
    if error.errno == errno.ENAMETOOLONG:
        return f"the path of {what} is too long: move the site to a shorter path"
    reason = os.strerror(error.errno) if error.errno else type(error).__name__
    return f"{what} cannot be read ({reason.lower()}): restore it from the main branch"
