"""Why the members file cannot be read: the parser's finding in plain words, and an edit of
one line only when it is proven: the edited file reads, and every value read before the
mistake is still read, at the same place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import cast

import yaml

from icjc.safety import Problem, shown

from .yaml_loader import TOO_DEEP, LayoutError, Loader, compose

#: How many lines above the parser's mark a proven edit is looked for.
LOOK_BACK = 3
_FIELD = re.compile(r"^(?P<lead>\s*(?:- +)?)(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>.*)$")


def explain(error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The parser's finding, with an edit of one line when that edit is proven to work."""
    lines = text.split("\n")
    mark = error.problem_mark or error.context_mark
    line = min(mark.line + 1 if mark else 1, len(lines))
    context, problem = error.context or "", error.problem or ""
    if error.context_mark and ("quoted scalar" in context or "simple key" in context):
        line = error.context_mark.line + 1  # where the quote opens, or the key lacks its colon
    if isinstance(error, LayoutError):
        finding = problem
    elif "cannot start any token" in problem and "'\\t'" not in problem:
        finding = f"a value cannot start with `{shown(problem.split(chr(39))[1])}`"
    else:
        found = (ours for words, ours in _FINDINGS if words in f"{context} {problem}")
        finding = next(found, "this line does not line up with the lines above it")
    if finding == TOO_DEEP:  # no one-line edit undoes it, and each try reads it all again
        return Problem(line, f"{finding}: {_WHAT_TO_DO[finding]}")
    before = _events(text, line)
    for number in range(line, max(line - LOOK_BACK, 0), -1):  # the parser's line first
        old, above, below = lines[number - 1], lines[: number - 1], lines[number:]
        for fixed in _edits(old, above):
            if fixed != old and _keeps(before, number, "\n".join([*above, fixed, *below])):
                indent = _indent(fixed)
                moved = f" ({indent} spaces from the left)" * (indent != _indent(old))
                todo = f"write the line as `{shown(fixed.strip(), 120)}`{moved}"
                return Problem(
                    number, f"{finding}: {todo if fixed.strip() else 'make this line empty'}"
                )
    return Problem(line, f"{finding}: {_WHAT_TO_DO.get(finding, _LAYOUT_HINT)}")


_LAYOUT_HINT = (
    "check that the line lines up with the lines above it (spaces, not tabs), and that "
    "each line is `field: value`, with a space after the colon"
)
_NOT_CLOSED = "a quote opens on this line and is never closed"
_GROUP = "a group in `{ }` or a list in `[ ]` is not closed, or lacks a comma between values"
_WHAT_TO_DO = {
    _NOT_CLOSED: "add the same quote at the end of the value",
    _GROUP: "close it, and separate its values with commas: {en: Geneva, fr: Genève}",
    TOO_DEEP: "a member needs only `field: value` lines",
}
#: The parser's words, and ours, in the order they are looked for.
_FINDINGS = (
    ("escape", "a backslash inside double quotes starts an unknown escape (write `\\\\`)"),
    ("quoted scalar", _NOT_CLOSED),
    ("'\\t'", "this line holds a tab"),
    ("flow", _GROUP),
    ("another document", "a second document starts here (`---`)"),
    ("mapping values", "YAML read this line as part of the value above it, or found `: ` in it"),
    ("found '<scalar>'", "this line holds more than one value (text after a closing quote?)"),
    ("expected ':'", "this line is not `field: value`"),
)


Event = tuple[str, int, int, str | None, int]  # kind, line, column, value, last line


def _events(text: str, before_line: int) -> list[Event]:
    """What the parser read before a line: each value and group, at its line and column."""
    found = []
    loader = Loader(text)
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                start, end = cast(yaml.Mark, event.start_mark), cast(yaml.Mark, event.end_mark)
                kind, value = type(event).__name__, getattr(event, "value", None)
                found.append((kind, start.line + 1, start.column, value, end.line + 1))
    except yaml.YAMLError:
        pass  # the mistake: what was read before it is what an edit must keep
    finally:
        loader.dispose()
    return [event for event in found if event[1] < before_line]


def _keeps(before: list[Event], line: int, text: str) -> bool:
    """True when ``text`` reads, and holds what was read before, except on the edited line."""
    try:
        compose(text)
        after = iter(event[:4] for event in _events(text, 10**9))
    except (yaml.YAMLError, RecursionError):
        return False
    wanted = [event[:4] for event in before if not event[1] <= line <= event[4]]
    return all(event in after for event in wanted)  # in order: a subsequence


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _edits(line: str, above: list[str]) -> Iterator[str]:
    """One-line edits that may fix a line, most likely first."""
    if line.lstrip().startswith(("---", "...", "%")):  # a document's marks: only ever emptied
        yield from [""] * (line.strip() in {"---", "..."})
        return
    if "\t" in line:  # the tabs deleted; as indentation, the indentation of the line above
        content = [text for text in above if text.strip() and not text.lstrip().startswith("#")]
        stripped = line.lstrip(" \t")
        lead = line[: len(line) - len(stripped)]
        if "\t" in lead and content:
            lead = " " * _indent(content[-1])
        yield lead.replace("\t", "") + stripped.replace("\t", "").rstrip()
    if found := _FIELD.match(line.replace("\u00a0", " ")):  # a space after the colon
        yield f"{found['lead']}{found['key']}: {found['value']}"
    if ":" not in line and (found := re.match(r"(\s*(?:- )?)([\w-]+) +(\S.*)", line)):
        yield f"{found[1]}{found[2]}: {found[3]}"  # the colon after a field's name
    for opening, closing in ('""', "''", "{}", "[]"):  # a quote or bracket closed
        opened, closed = line.count(opening), line.count(closing)
        if opened > closed or (opening == closing and opened % 2):
            yield line.rstrip() + closing
    if "{" in line:  # commas between the values of a group
        yield re.sub(r"([^\s,{\[]) +([\w-]+: )", r"\1, \2", line)
    if (found := _FIELD.match(line)) and found["value"][:1] not in {"", "{", "["}:
        value, start = found["value"].strip(), f"{found['lead']}{found['key']}: "
        quoted = "'" + value.replace("'", "''") + "'"  # single quotes keep double ones as typed
        yield start + (quoted if '"' in value else json.dumps(value, ensure_ascii=False))
    # The columns where the fields above start, nearest first, then a space less or more.
    starts = [len(text) - len(text.lstrip(" -")) for text in reversed(above) if text.strip()]
    for column in dict.fromkeys([*starts, _indent(line) - 1, _indent(line) + 1]):
        yield " " * max(column, 0) + line.lstrip(" ")
