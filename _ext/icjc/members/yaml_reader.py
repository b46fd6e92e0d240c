"""The members file's YAML as plain data with the line of every value, or the parser's
finding in plain words, at its line (``yaml_advice``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml

from icjc.safety import Problem, shown

from .text_policy import describe
from .yaml_advice import explain
from .yaml_loader import CONVERT, FLOAT, INT, MAX_DIGITS, TOO_DEEP, compose

KeyPath = tuple[str | int, ...]


class MembersFileError(Exception):
    """The members file (or its schema) cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the members file")
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line))


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
        if isinstance(node, yaml.ScalarNode) and node.style is None and node.tag not in CONVERT:
            self._check_plain(node, str(path[-1]) if path else "")
        if node.tag in {INT, FLOAT} and len(text) > MAX_DIGITS:
            return text  # the schema then says a number is expected, not this text
        return CONVERT.get(node.tag, str)(text)

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


def read_document(text: str) -> Document:
    """The YAML as data with lines, or a document holding the one reason it cannot be read."""
    document = Document(text)
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as error:
        document.problems.append(explain(error, text))
    except RecursionError:  # nesting the depth limit did not see, e.g. inside a key
        document.problems.append(Problem(1, TOO_DEEP))
    else:
        document.data = None if root is None else document.convert(root)
    return document
