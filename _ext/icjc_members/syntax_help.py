"""Plain-words help for a members file whose layout YAML cannot read.

A YAML parser notices a mistake where it gives up, often a line or more after it, and
describes it in its own terms ("expected <block end>"). The common mistakes are easy to
recognise line by line instead: a field missing the space after its colon, a member
missing its dash, a quote never closed, a tab. They are reported at the line to edit,
with the fix; the parser's own position is the fallback.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import yaml

from .model import Problem
from .text_policy import describe, shown

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?P<rest>.*)$")
_DASH = re.compile(r"^(?P<indent> *)- ")
_SPECIAL_START = {
    "@": "`@`",
    "`": "a backtick",
    "%": "`%`",
    "*": "`*`",
    "&": "`&`",
    "!": "`!`",
}
#: Parser contexts whose start, not where the parser stopped, is the line to edit.
_CONTEXT_AT_START = ("while scanning a quoted", "while scanning a simple")
_LAYOUT_HINT = (
    "check that it lines up with the lines above it (spaces, not tabs) "
    "and that each line is `field: value` with a space after the colon"
)


def certain_mistakes(lines: list[str], field_names: Iterable[str]) -> list[Problem]:
    """Mistakes that are never intended, found even when YAML reads the file (wrongly)."""
    fields = set(field_names)
    problems: list[Problem] = []
    dash_column = _dash_column(lines)
    previous_missing_dash = False
    for number, line in _content_lines(lines):
        if re.match(r"^ *\t", line):
            problems.append(Problem(number, "this line is indented with a tab: use spaces"))
            continue
        match = _KEY.match(line)
        if not match or match["key"] not in fields:
            continue
        key, rest = match["key"], match["rest"]
        if rest and rest[0] not in " #":
            problems.append(Problem(number, _missing_space(key, rest)))
            continue
        missing_dash = (
            not match["dash"]
            and key != "members"
            and dash_column is not None
            and len(match["indent"]) == dash_column
        )
        if missing_dash and not previous_missing_dash:
            problems.append(
                Problem(
                    number,
                    f"this member has no `- ` before `{key}:`: write `- {key}:` here, with its "
                    "dash in the column of the other members' dashes, and indent the member's "
                    f"other fields like `{key}:`",
                )
            )
        previous_missing_dash = missing_dash
    return problems


def likely_mistakes(lines: list[str]) -> list[Problem]:
    """Mistakes that explain why YAML could not read the file, one per line at most."""
    problems: list[Problem] = []
    for number, line in _content_lines(lines):
        match = _KEY.match(line)
        if not match:
            continue
        key, value = match["key"], match["rest"].strip()
        message = _value_mistake(key, value)
        if message:
            problems.append(Problem(number, message))
    return problems


def explain(error: yaml.MarkedYAMLError, lines: list[str]) -> Problem:
    """The parser's own finding, in plain words, at the line it concerns."""
    context, problem = error.context or "", error.problem or ""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and context.startswith(
        ("while scanning a quoted", "while scanning a simple")
    ):
        mark = error.context_mark
    line = min(mark.line + 1 if mark else 1, max(len(lines), 1))
    if problem == "alias":
        message = "a value cannot start with `*`: put the value in double quotes"
    elif problem == "tag":
        message = "a value cannot start with `!`: put the value in double quotes"
    elif problem == "depth":
        message = (
            "lists or groups are nested too deeply here: a member needs only `field: value` lines"
        )
    elif "quoted scalar" in context:
        message = "this value opens a quote that is never closed: add the closing quote at its end"
    elif "found another document" in problem:
        message = "a second document starts here (`---`): delete this line"
    elif "found unknown escape character" in problem:
        message = (
            "a backslash inside double quotes starts an unknown escape: write `\\\\` for a "
            "backslash, or use single quotes"
        )
    elif "mapping values are not allowed" in problem and _indented_further(lines, line):
        message = (
            "this line is indented further than the field above it: "
            "line it up with the other fields"
        )
    elif "mapping values are not allowed" in problem:
        message = "this value holds `: `: put the whole value in double quotes"
    elif "cannot start any token" in problem:
        found = re.search(r"found character '(.*)' that", problem)
        what = shown(found.group(1)) if found else "this character"
        message = f"a value cannot start with {what}: put the value in double quotes"
    elif "flow" in context:
        message = (
            "a list in `[ ]` or a group in `{ }` is not closed: "
            "close it, or write the value in double quotes"
        )
    else:
        message = f"the file's layout is broken on this line: {_LAYOUT_HINT}"
    return Problem(line, message)


def _indented_further(lines: list[str], line: int) -> bool:
    """True when ``line`` is indented more than the content line above it."""

    def indent(text: str) -> int:
        return len(text) - len(text.lstrip(" "))

    above = [
        text for text in lines[: line - 1] if text.strip() and not text.strip().startswith("#")
    ]
    return (
        bool(above)
        and indent(lines[line - 1]) > indent(above[-1])
        and not above[-1].rstrip().endswith(":")
    )


def _missing_space(key: str, rest: str) -> str:
    first = rest[0]
    if first.isspace() or not first.isprintable():
        return f"{describe(first)} after `{key}:`: replace it with an ordinary space"
    return f"`{key}:` needs a space after the colon: write `{key}: {rest[:40]}`"


def _value_mistake(key: str, value: str) -> str | None:
    if not value or value.startswith("#"):
        return None
    quote = value[0]
    if quote in "\"'":
        closing = _closing_quote(value, quote)
        if closing is None:
            return (
                f"the value of `{key}` opens a quote ({quote}) that is not closed on this line: "
                f"add {quote} at the end of the value"
            )
        after = value[closing + 1 :].strip()
        if after and not after.startswith("#"):
            return (
                f"there is text after the closing quote of `{key}`: "
                "put the whole value inside the quotes"
            )
        return None
    if quote in _SPECIAL_START:
        return (
            f"the value of `{key}` cannot start with {_SPECIAL_START[quote]}: "
            "put the whole value in double quotes"
        )
    if ": " in value or value.endswith(":"):
        return f"the value of `{key}` holds a colon: put the whole value in double quotes"
    return None


def _closing_quote(value: str, quote: str) -> int | None:
    index = 1
    while index < len(value):
        if quote == '"' and value[index] == "\\":
            index += 2
            continue
        if value[index] == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _dash_column(lines: list[str]) -> int | None:
    """The column of the members' dashes, as most of them are written."""
    columns = Counter(len(m["indent"]) for line in lines if (m := _DASH.match(line)))
    return columns.most_common(1)[0][0] if columns else None


def _content_lines(lines: list[str]) -> Iterable[tuple[int, str]]:
    """Numbered lines that hold YAML, skipping comments and block text (``|`` or ``>``)."""
    block_indent: int | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        if re.search(r":\s+[|>][-+0-9]*\s*(#.*)?$", line):
            block_indent = indent + (2 if stripped.startswith("- ") else 0)
        yield number, line
