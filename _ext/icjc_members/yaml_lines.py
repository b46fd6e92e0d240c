"""Parse YAML into plain Python data while remembering the line of every value.

One parser, PyYAML's own (pure Python, the same wherever it is installed), composes
nodes; this module turns them into dicts, lists and scalars and keeps each node's line in
a table keyed by the path of the value (``("members", 2, "name")``), so that a problem
found later, by the schema or by a rule, is reported at the line that holds it.

Only plain decimal numbers are numbers, and only ``true``/``false`` are yes/no: the YAML 1.1
forms (``010``, ``0x1F``, ``1:30``, ``yes``, ``.nan``, dates) stay text, which the schema
then refuses where a number is expected. Aliases, tags and deep nesting are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

import yaml
from yaml.composer import Composer

from .model import Problem

KeyPath = tuple[str | int, ...]
#: Lists and groups nested deeper than this are refused: members need three levels.
MAX_DEPTH = 20

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class LayoutError(yaml.MarkedYAMLError):
    """A construct this file does not use (alias, tag, deep nesting), at its mark."""


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
            raise LayoutError(problem="alias", problem_mark=mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in {"!", _STR, _MAP, _SEQ}:
            raise LayoutError(problem="tag", problem_mark=mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LayoutError(problem="depth", problem_mark=mark)
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
    #: False when the layout is so broken that checking the values would mislead.
    usable: bool = True

    def line_of(self, path: KeyPath) -> int:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        while path not in self.value_lines and path:
            path = path[:-1]
        return self.value_lines.get(path, 1)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one document; raises ``yaml.MarkedYAMLError`` where it is broken."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def to_document(root: yaml.Node | None) -> Document:
    document = Document()
    if root is not None:
        document.data = _Converter(document).convert(root, ())
    return document


class _Converter:
    """Turn composed nodes into dicts, lists and scalars, filling the line tables."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def problem(self, node: yaml.Node, message: str) -> None:
        self.document.problems.append(Problem(node.start_mark.line + 1, message))

    def convert(self, node: yaml.Node, path: KeyPath) -> object:
        self.document.value_lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        self.document.source_text[path] = node.value
        text = node.value
        if node.tag == _INT:
            return int(text)
        if node.tag == _FLOAT:
            return float(text)
        if node.tag == _BOOL:
            return text.lower() == "true"
        if node.tag == _NULL:
            return None
        return text

    def convert_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a field name must be a plain word, such as `name`")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                self.problem(key_node, self._repeated(path, key, result, line))
                if self._new_member_starts(path, key, result):
                    self.document.usable = False
                    return result
                continue
            self.document.key_lines[(*path, key)] = line
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _new_member_starts(self, path: KeyPath, key: str, seen: dict[str, object]) -> bool:
        """A repeated ``id``, or the member's first field again: the next member lost its dash."""
        return len(path) == 2 and path[0] == "members" and key in {"id", next(iter(seen))}

    def _repeated(self, path: KeyPath, key: str, seen: dict[str, object], line: int) -> str:
        first = self.document.key_lines[(*path, key)]
        if self._new_member_starts(path, key, seen):
            return (
                f"`{key}:` appears again in the member of line {self.document.line_of(path)}: "
                f"if a new member starts here, put `- ` before `{key}:`, in the column of "
                "the other members' dashes, and indent its other fields like this one"
            )
        if not path and key == "members":
            return (
                f"`members:` appears a second time (first on line {first}): delete this line, "
                "so that the members below it join the list above"
            )
        return (
            f"`{key}` is given twice (first on line {first}): keep the right value "
            "and delete the other line"
        )
