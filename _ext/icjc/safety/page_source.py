"""What MyST is handed: front matter sets page settings (extensions that run code, ``<meta>``
tags written unescaped), so it is read once, strictly, and MyST gets the checked copy on the
same lines; what nests deeper than the parsers can read is left out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate
from typing import TYPE_CHECKING, TypeAlias

import yaml
from docutils import nodes
from docutils.utils import get_source_line
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

from . import shown
from .page_rules import page_location, warn

if TYPE_CHECKING:
    from markdown_it.token import Token
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
#: How deeply a page's elements may nest: a real page needs a few dozen levels at most.
MAX_NESTING = 100
_NESTED = (
    "this page nests markup more deeply than the parsers can read (emphasis, links, lists or "
    "quotes inside one another, hundreds of levels): write it flatter"
)
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


class PageParser(MystParser):
    """MyST's parser, which follows nesting by recursion: a block nested deeper than Python
    allows (emphasis in emphasis, links in links...) is left out with a located message
    instead of a crash report. Which block: the deepest in MyST's own token stream."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env, lines = document.settings.env, inputstring.split("\n")
        for _ in range(20):  # each try leaves out one block
            try:
                return super().parse("\n".join(lines), document)
            except RecursionError:
                document.children.clear()
                start, end = _deepest_block("\n".join(lines), env.myst_config)
                warn(_NESTED, page_location(env, env.docname, start + 1))
                lines[start:end] = [""] * (end - start)
        return super().parse("", document)


def _deepest_block(text: str, config: MdParserConfig) -> tuple[int, int]:
    """The lines of the block whose markup nests deepest, as MyST's parser reads it."""

    def depth(token: Token) -> int:
        levels = accumulate(child.nesting for child in token.children or ())
        return token.level + max(levels, default=0)

    try:
        tokens = [t for t in create_md_parser(config, RendererHTML).parse(text) if t.map]
    except RecursionError:
        tokens = []
    deepest = max(tokens, key=depth, default=None)
    return (
        (deepest.map[0], deepest.map[1]) if deepest and deepest.map else (0, text.count("\n") + 1)
    )


def check_nesting(app: Sphinx, doctree: nodes.document) -> None:
    """What the parser read but the next steps, which also recurse (Sphinx saves each page by
    pickling it), could not: elements nested deeper than ``MAX_NESTING`` are left out."""
    stack: list[tuple[nodes.Element, int]] = [(doctree, 0)]
    deep: list[nodes.Element] = []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            deep.append(node)
            continue
        stack += [(child, depth + 1) for child in node.children if isinstance(child, nodes.Element)]
    lines = [line for node in deep for line in [get_source_line(node)[1]] if line]
    for node in deep:
        node.parent.remove(node)
    if deep:
        warn(_NESTED, page_location(app.env, app.env.docname, min(lines, default=1)))


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_source)
    app.setup_extension("myst_parser")  # first, whatever the order in `extensions`
    app.add_source_parser(PageParser, override=True)
    app.connect("doctree-read", check_nesting, priority=100)  # first: the others recurse
