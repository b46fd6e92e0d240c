"""Parse YAML into plain Python data while remembering the line of every value.

PyYAML's composer gives each node a start mark; this module keeps those marks in a
table keyed by the path of the value (``("members", 2, "name")``), so that a problem
found later, by the schema or by a rule, can be reported at the line that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

KeyPath = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class AliasNotAllowed(yaml.MarkedYAMLError):
    """Raised where the file uses ``*name``: shared values hide mistakes, and can explode."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and keeps date-like text as text."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasNotAllowed(problem="alias", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the file, and the 1-based line where it is (1 for the whole file)."""

    line: int
    message: str


@dataclass(slots=True)
class Document:
    """Plain data from a YAML file, with the line of each value and of each mapping key."""

    data: object = None
    value_lines: dict[KeyPath, int] = field(default_factory=dict)
    key_lines: dict[KeyPath, int] = field(default_factory=dict)
    source_text: dict[KeyPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True

    def line_of(self, path: KeyPath) -> int:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        while path not in self.value_lines and path:
            path = path[:-1]
        return self.value_lines.get(path, 1)


def parse(text: str) -> Document:
    """Parse one YAML document; syntax problems are returned, never raised."""
    document = Document()
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # the reader already rejects control characters here
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        document.problems.append(Problem(line, _describe_syntax_error(error)))
        document.readable = False
        return document
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        document.problems.append(
            Problem(
                line,
                f"the file holds an invisible control character ({error.character:#04x}) "
                "that YAML does not allow: delete it",
            )
        )
        document.readable = False
        return document
    finally:
        if loader is not None:
            loader.dispose()
    if root is not None:
        _Converter(document).run(root)
    return document


def _describe_syntax_error(error: yaml.MarkedYAMLError) -> str:
    if isinstance(error, AliasNotAllowed):
        return "YAML aliases (`*name`) are not supported here: write the value out in full"
    problem = error.problem or "the YAML syntax is broken"
    hint = (
        "check the indentation (spaces, not tabs) and that every `field: value` has a space "
        "after the colon; put values containing `: ` or starting with a quote in double quotes"
    )
    return f"this is not valid YAML ({problem}): {hint}"


class _Converter:
    """Turn composed nodes into dicts, lists and scalars, filling the line tables."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.constructor = SafeConstructor()

    def run(self, root: yaml.Node) -> None:
        self.document.data = self.convert(root, ())

    def problem(self, node: yaml.Node, message: str) -> None:
        self.document.problems.append(Problem(node.start_mark.line + 1, message))

    def convert(self, node: yaml.Node, path: KeyPath) -> object:
        self.document.value_lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        self.document.source_text[path] = node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            self.problem(node, f"the value {node.value!r} cannot be read: remove the `!` tag")
            return None

    def convert_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, object]:
        result: dict[str, object] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                self.problem(key_node, "a field name must be a plain word, such as `name`")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_lines:
                self.problem(
                    key_node,
                    f"`{key}` is given twice (first on line {first_lines[key]}): keep only one",
                )
                continue
            first_lines[key] = line
            self.document.key_lines[(*path, key)] = line
            result[key] = self.convert(value_node, (*path, key))
        return result
