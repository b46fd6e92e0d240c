"""What MyST is handed: front matter sets page settings (extensions that run code, ``<meta>``
tags written unescaped), so it is read once, strictly, and MyST gets the checked copy on the
same lines; what nests deeper than the parsers can read is left out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

import yaml

from . import shown
from .page_rules import page_location, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Schema: TypeAlias = "dict[str, Schema] | tuple[re.Pattern[str], str]"
#: What front matter may set: a mapping's keys, or a value's pattern and what it must be.
FRONT_MATTER: Schema = {
    "myst": {"html_meta": {"description": (re.compile(r"[^\n]{1,400}"), "one line of text")}},
    "edit-data": (
        re.compile(r"[\w-]+(?:/[\w-]+)*\.ya?ml", re.ASCII),
        "a file path such as `members/members.yaml`",
    ),
    "orphan": (re.compile(""), "empty"),
}
_ONLY = "front matter may set only `myst: html_meta: description`, `edit-data` and `orphan`"
_NOT_YAML = "front matter: write plain `key: value` lines, a few levels deep, no &, *, ! or <<"
#: What nests pages deeper than the parsers can read (they recurse): long fences, deep indents.
_DEEP = re.compile(r"^(?:[ \t]*+(?::{13}|`{13}|~{13})|[ \t>]{81})", re.MULTILINE)
MAX_CELLS = 20_000
_TOO_MANY_CELLS = (
    f"more than {MAX_CELLS:,} table cells (`|`) take too long to build: split the table"
)
_TOO_DEEP = "a fence of more than 12 `:`, ` or ~, or an indent of more than 80 spaces: too deep"


class _StrictLoader(yaml.SafeLoader):
    """YAML without anchors, aliases or tags (a merge key, ``<<: *d``, can hide a key), a few
    levels deep (PyYAML composes recursively: 5,000 levels would crash). Every value is text:
    no date or number to misread, and ``<<`` is a key like any other."""

    depth, yaml_implicit_resolvers = 0, {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            refused = isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
            if refused or getattr(event, "tag", None) or self.depth > 8:
                raise yaml.MarkedYAMLError(problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def front_matter_lines(text: str) -> int:
    """How many lines MyST takes as front matter (0: none), counted by MyST's own reader,
    fed each line but the YAML, which it would load loosely."""
    from myst_parser.config.main import TopmatterReadError, read_topmatter

    lines, taken = text.splitlines(), 0

    def fed() -> Iterator[str]:
        nonlocal taken
        for taken, line in enumerate(lines, 1):  # read once MyST stops
            yield line if taken == 1 or line.startswith(("---", "...")) else ""

    try:
        read_topmatter(fed())
    except TopmatterReadError:  # raised on the blank YAML: there is front matter
        return taken
    return 0


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Front matter sets page settings (extensions that run code, ``<meta>`` tags written
    unescaped): it is read once, strictly, and MyST gets the checked copy, on the same lines.
    Refused front matter, or what nests deeper than the parsers can read, is left out."""
    lines, end = source[0].splitlines(keepends=True), front_matter_lines(source[0])
    closed = end > 1 and lines[end - 1].startswith(("---", "..."))
    text, data, problem = "".join(lines[1 : end - 1]) if end else "", None, None
    if end and not closed:
        problem = "front matter that starts with `---` on line 1 must end with a line `---`", -1
    elif len(text) > 5_000 or text.count("\n") < end - 2:
        problem = "front matter is limited to 5,000 characters on plain lines", -1
    elif end:
        try:
            loader = _StrictLoader(text)  # which refuses characters YAML does not accept
            root = loader.get_single_node()
            problem = _schema_problem(root, FRONT_MATTER, "") if root else None
            data = None if problem or not root else loader.construct_document(root)
        except yaml.YAMLError as error:
            problem = _NOT_YAML, getattr(getattr(error, "problem_mark", None), "line", 0)
    kept = yaml.safe_dump(data, default_flow_style=True, width=float("inf")) if data else ""
    span = end if closed else min(end, 1)  # unclosed: MyST reads no front matter without line 1
    blank = "\n" * "".join(lines[:span]).count("\n")  # as many lines as docutils counts
    lines[:span] = ["---\n", kept, *["\n"] * (end - 3), "---\n"] if kept else [blank]
    source[0] = "".join(lines)
    if deep := _DEEP.search(source[0]):
        problem, at = (_TOO_DEEP, source[0].count("\n", 0, deep.start()) - 1), deep.start()
        source[0] = source[0][:at] + "\n" * source[0].count("\n", at)
    if source[0].count("|") > MAX_CELLS:  # docutils' smart quotes take seconds per thousand
        at = [i for i, c in enumerate(source[0]) if c == "|"][MAX_CELLS]
        at = source[0].rfind("\n", 0, at) + 1
        problem = _TOO_MANY_CELLS, source[0].count("\n", 0, at) - 1
        source[0] = source[0][:at] + "\n" * source[0].count("\n", at)
    if problem:
        warn(
            problem[0], page_location(app.env, docname, problem[1] + 2)
        )  # the YAML starts on line 2


def _schema_problem(node: yaml.Node, schema: Schema, path: str) -> tuple[str, int] | None:
    """The first key or value of the front matter that ``schema`` does not allow, and its line."""
    line, name = node.start_mark.line, path.rstrip(": ") or "it"
    if isinstance(schema, tuple):
        if isinstance(node, yaml.ScalarNode) and schema[0].fullmatch(node.value):
            return None
        return f"front matter: `{name}` must be {schema[1]}", line
    if not isinstance(node, yaml.MappingNode):
        return f"front matter: `{name}` must be `key: value` lines", line
    for key, value in node.value:
        word = key.value if isinstance(key, yaml.ScalarNode) else "[…]"  # a list or mapping
        if word not in schema:
            where = key.start_mark.line
            return f"{_ONLY}, not `{shown(path + word)}`: the rest belongs to conf.py", where
        if problem := _schema_problem(value, schema[word], f"{path}{word}: "):
            return problem
    return None


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_source)
