"""The members file's YAML: plain data with the line of every value, or layout mistakes in
plain words at the line to edit.

Each value's line is kept by its path (``("members", 2, "name")``), so that the schema and
the rules report problems where they are. Only plain decimal numbers are numbers and only
``true``/``false`` yes/no: YAML 1.1's ``010``, ``0x1F``, ``1:30``, ``yes``, ``.nan`` stay
text, which the schema then refuses. Aliases, tags and deep nesting are refused. A parser
notices a mistake where it gives up, often lines later, so the common mistakes are
recognised line by line; advice never suggests an edit that changes a valid line's meaning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

import yaml
from yaml.composer import Composer

from .text_policy import describe, shown

KeyPath = tuple[str | int, ...]
#: Lists and groups nested deeper than this are refused: members need three levels.
MAX_DEPTH = 20
#: Longer numerals stay text: no coordinate needs them, and Python refuses 4,300 digits.
MAX_DIGITS = 40

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_STARTS_WITH = "a value cannot start with {}: put the value in double quotes"
_TOO_DEEP = "lists or groups are nested too deeply here: a member needs only `field: value` lines"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong at a 1-based line of the members file, or of ``file`` (the schema)."""

    line: int
    message: str
    file: str = ""

    def location(self, members_file: str) -> str:
        return f"{self.file or members_file}:{self.line}"


class MembersFileError(Exception):
    """The members file (or its schema) cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the members file")
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line))


class LayoutError(yaml.MarkedYAMLError):
    """A construct this file does not use (alias, tag, deep nesting): the message, at its mark."""


class _Loader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, with plain decimal numbers and no aliases or tags."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012 - PyYAML's class-level table

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        # types-PyYAML leaves ``peek_event`` unannotated; it returns the next parser event.
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        # The pure-Python parser marks events with ``yaml.Mark`` (never the C parser's mark).
        mark = cast(yaml.Mark | None, event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise LayoutError(problem=_STARTS_WITH.format("`*`"), problem_mark=mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in {"!", _STR, _MAP, _SEQ}:
            raise LayoutError(problem=_STARTS_WITH.format("`!`"), problem_mark=mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LayoutError(problem=_TOO_DEEP, problem_mark=mark)
        try:
            # types-PyYAML says ``index: int``; PyYAML passes the key node for mapping values.
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
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
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    message = "a field name must be a plain word, such as `name`"
                    self.problems.append(Problem(line, message))
                    continue
                key = str(key_node.value)
                if key in result:
                    # A repeated `id`, or the member's first field again: the next member
                    # lost its dash, and what follows cannot be read reliably.
                    new_member = len(path) == 2 and path[0] == "members"
                    new_member = new_member and key in {"id", next(iter(result))}
                    self.problems.append(Problem(line, self._repeated(path, key, new_member)))
                    if new_member:
                        return result
                    continue
                self.key_lines[(*path, key)] = line
                result[key] = self.convert(value_node, (*path, key))
            return result
        text = self.source_text[path] = node.value
        if node.tag in {_INT, _FLOAT} and len(text) > MAX_DIGITS:
            return text  # the schema then says a number is expected, not this text
        if node.tag == _INT:
            return int(text)
        if node.tag == _FLOAT:
            return float(text)
        if node.tag == _BOOL:
            return text.lower() == "true"
        return None if node.tag == _NULL else text

    def _repeated(self, path: KeyPath, key: str, new_member: bool) -> str:
        if new_member:
            return (
                f"`{key}:` appears again in the member of line {self.line_of(path)}: "
                f"if a new member starts here, put `- ` before `{key}:`, in the column of "
                "the other members' dashes, and indent its other fields like this one"
            )
        first = self.key_lines[(*path, key)]
        if not path and key == "members":
            return (
                f"`members:` appears a second time (first on line {first}): delete this line, "
                "so that the members below it join the list above"
            )
        return (
            f"`{key}` is given twice (first on line {first}): keep the right value "
            "and delete the other line"
        )


def read_document(text: str, fields: tuple[str, ...]) -> Document:
    """The YAML as data with lines, or a document holding only layout problems."""
    lines = text.split("\n")
    certain = certain_mistakes(lines, fields)
    if certain:
        return Document(problems=certain)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return Document(problems=[likely_mistake(error, lines)])
    except RecursionError:  # nesting the depth limit did not see, e.g. inside a key
        return Document(problems=[Problem(1, "lists or groups are nested too deeply")])
    finally:
        loader.dispose()
    document = Document()
    if root is not None:
        document.data = document.convert(root)
    return document


# -- Layout mistakes, in plain words --------------------------------------------------

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?P<rest>.*)$")
_SPECIAL_START = {"@": "`@`", "`": "a backtick", "%": "`%`", "*": "`*`", "&": "`&`", "!": "`!`"}
#: A value in double quotes (backslash escapes) or single quotes ('' for ').
_QUOTED = {'"': re.compile(r'"(?:[^"\\]|\\.)*"'), "'": re.compile(r"'(?:[^']|'')*'")}
_LAYOUT_HINT = (
    "check that it lines up with the lines above it (spaces, not tabs) "
    "and that each line is `field: value` with a space after the colon"
)


def certain_mistakes(lines: list[str], field_names: Iterable[str]) -> list[Problem]:
    """Mistakes that are never intended, found even when YAML reads the file (wrongly)."""
    fields = set(field_names)
    problems: list[Problem] = []
    keys = [(n, m) for n, line in _content_lines(lines) if (m := _KEY.match(line))]
    # The columns most lines use: the members' dashes, and their fields.
    dashes = Counter(len(m["indent"]) for _, m in keys if m["dash"]).most_common(1)
    at = Counter(len(m["indent"] + (m["dash"] or "")) for _, m in keys if m["key"] != "members")
    dash_column, field_column = [top[0][0] if top else None for top in (dashes, at.most_common(1))]
    previous_missing_dash = False
    for number, line in _content_lines(lines):
        if re.match(r"^ *\t", line):
            problems.append(Problem(number, "this line is indented with a tab: use spaces"))
            continue
        match = _KEY.match(line)
        if not match or match["key"] not in fields:
            continue
        key, rest, column = match["key"], match["rest"], len(match["indent"])
        if rest and rest[0] not in " #":
            problems.append(Problem(number, _missing_space(key, rest)))
            continue
        missing_dash = not match["dash"] and key != "members" and column == dash_column
        message = None
        if key == "members" and column:
            message = "`members:` must start at the beginning of the line: remove the spaces"
        elif missing_dash and not previous_missing_dash:
            message = (
                f"this member has no `- ` before `{key}:`: write `- {key}:` here, with its "
                "dash in the column of the other members' dashes, and indent the member's "
                f"other fields like `{key}:`"
            )
        elif match["dash"] and column != dash_column:
            message = (
                f"the `- ` before `{key}:` is not in the column of the other members' dashes "
                f"({dash_column} spaces from the left): line it up with them"
            )
        elif not (match["dash"] or missing_dash) and key != "members" and column != field_column:
            message = (
                f"`{key}:` is not lined up with the other fields ({field_column} spaces "
                "from the left): line it up with them"
            )
        if message:
            problems.append(Problem(number, message))
        previous_missing_dash = missing_dash
    return problems


def likely_mistake(error: yaml.MarkedYAMLError, lines: list[str]) -> Problem:
    """Why YAML could not read the file: the last recognised mistake on a line the parser
    had reached, or else the parser's own finding. One problem: other lines are left alone,
    since what follows a broken line cannot be read reliably."""
    mark = error.problem_mark or error.context_mark
    reached = mark.line + 1 if mark else len(lines)
    found = [
        Problem(number, message)
        for number, line in _content_lines(lines[:reached])
        if (key := _KEY.match(line))
        and (message := _value_mistake(key["key"], key["rest"].strip()))
    ]
    return found[-1] if found else explain(error, lines)


def explain(error: yaml.MarkedYAMLError, lines: list[str]) -> Problem:
    """The parser's own finding, in plain words, at the line it concerns."""
    context, problem = error.context or "", error.problem or ""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and context.startswith(
        ("while scanning a quoted", "while scanning a simple")
    ):
        mark = error.context_mark
    line = min(mark.line + 1 if mark else 1, max(len(lines), 1))
    if isinstance(error, LayoutError):
        message = problem
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
        message = _STARTS_WITH.format(what)
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
    above = [text for text in lines[: line - 1] if text.strip()[:1] not in {"", "#"}]
    return (
        bool(above)
        and _indent(lines[line - 1]) > _indent(above[-1])
        and not above[-1].rstrip().endswith(":")
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _missing_space(key: str, rest: str) -> str:
    first = rest[0]
    if first.isspace() or not first.isprintable():
        return f"{describe(first)} after `{key}:`: replace it with an ordinary space"
    return f"`{key}:` needs a space after the colon: write `{key}: {rest[:40]}`"


def _value_mistake(key: str, value: str) -> str | None:
    if not value or value.startswith(("#", "{", "[")):  # a group or list in brackets is valid
        return None
    quote = value[0]
    if quote in _QUOTED:
        closed = _QUOTED[quote].match(value)
        if closed is None:
            return (
                f"the value of `{key}` opens a quote ({quote}) that is not closed on this line: "
                f"add {quote} at the end of the value"
            )
        after = value[closed.end() :].strip()
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


def _content_lines(lines: list[str]) -> Iterable[tuple[int, str]]:
    """Numbered lines that hold YAML, skipping comments and block text (``|`` or ``>``)."""
    block_indent: int | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        indent = _indent(line)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        if re.search(r":\s+[|>][-+0-9]*\s*(#.*)?$", line):
            block_indent = indent + (2 if stripped.startswith("- ") else 0)
        yield number, line
