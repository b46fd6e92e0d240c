"""The members file's YAML: plain data with the line of every value, or the parser's finding
in plain words, at its line.

Only plain decimal numbers are numbers and only ``true``/``false`` yes/no: YAML 1.1's ``010``,
``yes`` or ``.nan`` stay text, which the schema refuses. Aliases, tags and deep nesting are
refused. An edit is suggested only when proven: the edited file reads, and every value read
before the mistake is still read, at the same place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import cast

import yaml
from yaml.composer import Composer

from icjc.safety import Problem, shown

from .text_policy import describe

KeyPath = tuple[str | int, ...]
#: Lists and groups nested deeper than this are refused: members need three levels.
MAX_DEPTH = 20
#: Longer numerals stay text: no coordinate needs them, and Python refuses 4,300 digits.
MAX_DIGITS = 40
#: How many lines above the parser's mark a proven edit is looked for.
LOOK_BACK = 3
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_PLAIN_TAGS = {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_CONVERT: dict[str, Callable[[str], object]] = {
    _INT: int, _FLOAT: float, _BOOL: lambda text: text.lower() == "true", _NULL: lambda _: None
}  # fmt: skip
_TOO_DEEP = "lists or groups are nested too deeply"
_FIELD = re.compile(r"^(?P<lead>\s*(?:- +)?)(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>.*)$")


class MembersFileError(Exception):
    """The members file (or its schema) cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the members file")
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line))


class LayoutError(yaml.MarkedYAMLError):
    """A construct this file does not use (alias, tag, deep nesting), at its mark."""


class _Loader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, with plain decimal numbers and no aliases or tags."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012 - PyYAML's class-level table
    depth = 0  # how deeply the node being composed is nested

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in stubs
        mark = cast(yaml.Mark | None, event.start_mark)
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.AliasEvent) or tag not in {None, *_PLAIN_TAGS}:
            what = "`*`" if isinstance(event, yaml.AliasEvent) else "`!`"
            raise LayoutError(problem=f"a value cannot start with {what}", problem_mark=mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LayoutError(problem=_TOO_DEEP, problem_mark=mark)
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]  # a key node
        finally:
            self.depth -= 1


for _tag, _pattern, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (_FLOAT, r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$", "-+0123456789"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass(slots=True)
class Document:
    """Plain data from a YAML file, with the line of each value and of each mapping key."""

    text: str = ""
    data: object = None
    value_lines: dict[KeyPath, int] = field(default_factory=dict)
    key_lines: dict[KeyPath, int] = field(default_factory=dict)
    source_text: dict[KeyPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        while path not in self.value_lines and path:
            path = path[:-1]
        return self.value_lines.get(path, 1)

    def convert(self, node: yaml.Node, path: KeyPath = ()) -> object:
        """Turn composed nodes into dicts, lists and scalars, filling the line tables."""
        self.value_lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for key_node, value_node in node.value:
                line, key = key_node.start_mark.line + 1, str(key_node.value)
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(line, "a field name must be a plain word"))
                elif key in result:
                    self.problems.append(Problem(line, self._repeated(path, key, result)))
                    if key in {"id", next(iter(result))} and len(path) == 2:
                        return result  # a member lost its dash: what follows is not this one
                else:
                    self.key_lines[(*path, key)] = line
                    result[key] = self.convert(value_node, (*path, key))
            return result
        text = self.source_text[path] = node.value
        if isinstance(node, yaml.ScalarNode) and node.style is None and node.tag not in _CONVERT:
            self._check_plain(node, str(path[-1]) if path else "")
        if node.tag in {_INT, _FLOAT} and len(text) > MAX_DIGITS:
            return text  # the schema then says a number is expected, not this text
        return _CONVERT.get(node.tag, str)(text)

    def _repeated(self, path: KeyPath, key: str, result: dict[str, object]) -> str:
        first = self.key_lines[(*path, key)]
        if len(path) == 2 and key in {"id", next(iter(result))}:
            return (
                f"`{key}:` appears a second time in the member of line {self.line_of(path)}: "
                f"if a new member starts here, write `- ` before `{key}:`, in the column of "
                "the other members' dashes"
            )
        return f"`{key}` is given twice (first on line {first}): keep one of the two lines"

    def _check_plain(self, node: yaml.ScalarNode, key: str) -> None:
        """What the parser made of an unquoted value that a reader would not expect."""
        start, end, value = node.start_mark, node.end_mark, str(node.value)
        source = self.text[start.index : end.index]
        after = self.text[end.index :].split("\n", 1)[0]
        line, message = end.line + 1, ""
        if found := re.search(r"\n[ \t]*([A-Za-z_][\w-]*):([^ \n])", source):
            line = start.line + 1 + source.count("\n", 0, found.start(1))
            message = (
                f"`{found[1]}:` needs a space after the colon: write `{found[1]}: `"
                if found[2].isprintable() and not found[2].isspace()
                else f"{describe(found[2])} after `{found[1]}:`: replace it with an ordinary space"
            )
        elif re.match(r"\s+#\S", after):
            whole = f"{key}: {json.dumps((value + after).strip(), ensure_ascii=False)}"
            message = (
                f"the value of `{key}` stops at ` #`: the rest of the line is read as a "
                f"comment; if it is part of the value, write `{shown(whole)}`"
            )
        elif value[-1:] in "\"'" and value.count(value[-1]) % 2:
            message = (
                f"the value of `{key}` ends with {value[-1]} but does not start with it: "
                "delete the last quote, or put the whole value in double quotes"
            )
        if message:
            self.problems.append(Problem(line, message))


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def read_document(text: str) -> Document:
    """The YAML as data with lines, or a document holding the one reason it cannot be read."""
    document = Document(text)
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        document.problems.append(explain(error, text))
    except RecursionError:  # nesting the depth limit did not see, e.g. inside a key
        document.problems.append(Problem(1, _TOO_DEEP))
    else:
        document.data = None if root is None else document.convert(root)
    return document


# -- Why the file cannot be read: the parser's finding, and an edit only when proven ----------


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
    if finding == _TOO_DEEP:  # no one-line edit undoes it, and each try reads it all again
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
    _TOO_DEEP: "a member needs only `field: value` lines",
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
    loader = _Loader(text)
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
        _compose(text)
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
