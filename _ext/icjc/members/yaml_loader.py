"""The members file's YAML loader: PyYAML's pure-Python safe loader, where only plain decimal
numbers are numbers and only ``true``/``false`` yes/no (YAML 1.1's ``010``, ``yes`` or ``.nan``
stay text, which the schema refuses), without aliases, tags or deep nesting."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import yaml
from yaml.composer import Composer

#: Lists and groups nested deeper than this are refused: members need three levels.
MAX_DEPTH = 20
#: Longer numerals stay text: no coordinate needs them, and Python refuses 4,300 digits.
MAX_DIGITS = 40
INT, FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
BOOL, NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_PLAIN_TAGS = {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
CONVERT: dict[str, Callable[[str], object]] = {
    INT: int, FLOAT: float, BOOL: lambda text: text.lower() == "true", NULL: lambda _: None
}  # fmt: skip
TOO_DEEP = "lists or groups are nested too deeply"


class LayoutError(yaml.MarkedYAMLError):
    """A construct this file does not use (alias, tag, deep nesting), at its mark."""


class Loader(yaml.SafeLoader):
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
            raise LayoutError(problem=TOO_DEEP, problem_mark=mark)
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]  # a key node
        finally:
            self.depth -= 1


for _tag, _pattern, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (INT, r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (FLOAT, r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$", "-+0123456789"),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def compose(text: str) -> yaml.Node | None:
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
