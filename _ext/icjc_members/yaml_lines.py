"""Parse YAML into plain Python data while remembering the line of every value.

PyYAML's composer gives each node a start mark; this module keeps those marks in a
table keyed by the path of the value (``("members", 2, "name")``), so that a problem
found later, by the schema or by a rule, can be reported at the line that holds it.

The file is read with libyaml's parser when PyYAML has it (ten times faster), and again
with PyYAML's own when that fails, for PyYAML's clearer error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

KeyPath = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class AliasNotAllowed(yaml.MarkedYAMLError):
    """Raised where the file uses ``*name``: shared values hide mistakes, and can explode."""


class _RefuseAliases(Composer):
    """Composes nodes, refusing aliases."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasNotAllowed(problem="alias", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


class _Loader(_RefuseAliases, yaml.SafeLoader):
    """SafeLoader that refuses aliases and keeps date-like text as text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _libyaml_loader() -> type | None:
    """The same loader with libyaml's scanner and parser, when PyYAML was built with it."""
    if not yaml.__with_libyaml__:
        return None
    from yaml._yaml import CParser

    class LibyamlLoader(_RefuseAliases, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    LibyamlLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    return LibyamlLoader


_FAST_LOADER = _libyaml_loader()


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
    if _FAST_LOADER is not None:
        try:
            return _document(_compose(text, _FAST_LOADER))
        except yaml.YAMLError:
            pass  # PyYAML's own parser says what is wrong
    try:
        root = _compose(text, _Loader)  # the reader rejects control characters
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError) as error:
        return _unreadable(text, error)
    return _document(root)


def _document(root: yaml.Node | None) -> Document:
    document = Document()
    if root is not None:
        _Converter(document).run(root)
    return document


def _compose(text: str, loader_class: type) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _unreadable(text: str, error: yaml.MarkedYAMLError | yaml.reader.ReaderError) -> Document:
    document = Document(readable=False)
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        message = (
            f"the file holds an invisible control character ({error.character:#04x}) "
            "that YAML does not allow: delete it"
        )
    else:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = _describe_syntax_error(error)
    document.problems.append(Problem(line, message))
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
