"""A contributed file can change what the site says, never what the build does or reads, and
never add script: Read the Docs builds and publishes every pull request's files.

Pages: front matter read once, strictly, and only what is allowed handed to MyST; then what
the page became (after translation too) checked whatever syntax made it: no raw HTML, math,
refresh, file from outside, refused link or unplain class. Static files: regular files, no
script or template, SVG without script. Structure: no page where the build writes its own,
no toctree that leads back to itself (Sphinx would crash).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlsplit

import yaml
from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Every message of the site's extensions ends in ``[icjc.<subtype>]``.
WARNING_TYPE = "icjc"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
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
#: The ``<meta>`` attributes of a page's description (``translated``: in translations).
META_ATTRIBUTES = frozenset({"name", "content", "translated", *nodes.Element.basic_attributes})
#: Node attributes that hold an address (a cross-reference's target is a name: it resolves
#: inside the site or not at all), and the nodes that keep their words without it.
URL_ATTRIBUTES = ("refuri", "uri")
KEEP_WORDS = (nodes.reference, addnodes.pending_xref, addnodes.download_reference)
PLAIN_CLASS, PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}"), re.compile(r"[A-Za-z0-9_-]+")
_RAW = "raw HTML is not allowed in pages: write Markdown (MyST) instead"
_PLAIN = "write it with letters, digits, - and _ (a class: at most 64)"
#: What nests pages deeper than the parsers can read (they recurse): long fences, deep indents.
_DEEP = re.compile(r"^(?:[ \t]*+(?::{13}|`{13}|~{13})|[ \t>]{81})", re.MULTILINE)
MAX_CELLS = 20_000
_TOO_MANY_CELLS = (
    f"more than {MAX_CELLS:,} table cells (`|`) take too long to build: split the table"
)
_TOO_DEEP = "a fence of more than 12 `:`, ` or ~, or an indent of more than 80 spaces: too deep"
#: Static files a browser runs or Sphinx renders as templates.
CODE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".cjs", "_t", ".jinja")
SPHINX_STATIC_FILES = frozenset({"pygments.css"})  # written by Sphinx itself into _static
MAX_STATIC_BYTES = 1_000_000
GENERATED_PAGES = frozenset({"search", "genindex"})
#: What the build writes at the top of the site (and a folder per translation, ``fr/``).
GENERATED_NAMES = frozenset(
    {"_static", "_images", "_downloads", "_sources", "searchindex.js", "objects.inv"}
    | {"members.json", "sitemap.xml", "robots.txt"}  # from the site's extensions
)


def shown(text: object, limit: int = 80) -> str:
    """A value from a file, safe to print: one line, invisible characters escaped, so that
    no file can add a line to a log or a GitHub annotation."""
    value = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def allowed_link(uri: str) -> bool:
    """http, https, mailto or inside the site (no host, no control character)."""
    try:
        parts = urlsplit(uri.strip())
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in LINK_SCHEMES
    return not parts.netloc and not any(ord(char) < 32 for char in uri)


def _refused_link(uri: str) -> str:
    return (
        f"the link `{shown(uri)}` is not allowed: links go to http://, https:// or "
        "mailto: addresses, or to the site's own pages"
    )


def _path(env: BuildEnvironment, docname: str) -> str:
    return env.doc2path(docname, False).as_posix()


def _page(env: BuildEnvironment, docname: str, line: int | None = 1) -> str:
    return f"{_path(env, docname)}:{line or 1}"


def _warn(message: str, location: str) -> None:
    logger.warning(message, location=location, type=WARNING_TYPE, subtype="safety")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong at a 1-based line of a file (``file`` empty: the one the caller
    names, the members file); not ``blocking``: a notice (French still to write)."""

    line: int
    message: str
    file: str = ""
    blocking: bool = True

    def location(self, default_file: str = "") -> str:
        return f"{shown(self.file or default_file, 300)}:{self.line}"


def stop_on(
    problems: list[Problem], subtype: str = "safety", fix: str = "problems listed", file: str = ""
) -> None:
    """Report each problem (``file``: where those without one are), then stop before
    anything is written, with no crash report (not an exception)."""
    for problem in problems:
        location = problem.location(file)
        logger.error(problem.message, location=location, type=WARNING_TYPE, subtype=subtype)
    if problems:
        logger.info("The site was not built: fix the %s above, then build again.", fix)
        raise SystemExit(1)


# -- Pages --------------------------------------------------------------------------------


def turn_off_file_insertion(app: Sphinx) -> None:
    """``{include}``, ``:file:`` and ``{raw}`` read any path; docutils' switches refuse them.
    A ``docutils.conf``, which outranks them, stops the build (``source_tree.py``)."""
    app.env.settings.update(file_insertion_enabled=False, raw_enabled=False)


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
        _warn(problem[0], _page(app.env, docname, problem[1] + 2))  # the YAML starts on line 2


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


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """What a page became, after translation too, whatever syntax made it: no raw HTML, math
    (MathJax from another website), ``<meta>`` but the description, refused link or file,
    unplain class or id. Each node refused is left out, with a located message."""
    env, docname = app.env, app.env.current_document.docname
    for node in list(doctree.findall(nodes.Element)):
        # A node's first element, if any: a link docutils wraps around an image has no good line.
        where = _page(env, docname, get_source_line(node.next_node(nodes.Element) or node)[1])
        for key, word, plain in ("classes", "class", PLAIN_CLASS), ("ids", "id", PLAIN_ID):
            if refused := [name for name in node[key] if not plain.fullmatch(name)]:  # made plain
                _warn(f"the {word} `{shown(refused[0])}` is refused: {_PLAIN}", where)
                node[key] = [name if name not in refused else _plain(name) for name in node[key]]
        if node.parent and (problem := _node_problem(env, docname, node)):
            _warn(problem, where)
            if isinstance(node, KEEP_WORDS) and node.children:
                node.replace_self(node.children)  # the words stay, without their link
            else:
                node.parent.remove(node)
    for toctree in doctree.findall(addnodes.toctree):
        for entry in list(toctree["entries"]):
            if entry[1] not in {"self", *env.found_docs} and not allowed_link(entry[1]):
                _warn(_refused_link(entry[1]), _page(env, docname, toctree.line))
                toctree["entries"].remove(entry)


def _plain(name: str) -> str:
    """docutils' own id from a refused class or id: a section keeps an id, as Sphinx needs."""
    return nodes.make_id(name)[:64] or "refused"


def _node_problem(env: BuildEnvironment, docname: str, node: nodes.Element) -> str | None:
    if isinstance(node, nodes.raw) and node.source:  # extensions' raw HTML has no source
        return _RAW
    if isinstance(node, (nodes.math, nodes.math_block)):
        return "math is not available: it would load a script (MathJax) from another website"
    if isinstance(node, nodes.meta) and (
        node.get("name") != "description" or set(node.attributes) - META_ATTRIBUTES
    ):
        return "a page may set only its description (`myst: html_meta: description`)"
    if isinstance(node, (nodes.image, addnodes.download_reference)):
        return _file_problem(env, docname, node["uri" if "uri" in node else "reftarget"])
    refused = [node[name] for name in URL_ATTRIBUTES if not allowed_link(node.get(name, ""))]
    return _refused_link(refused[0]) if refused else None


def refused_raw_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: object, **kw: object
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """docutils' ``raw`` role (and roles made from it), refused with its line: docutils' own
    refusal has none."""
    message = inliner.reporter.warning(_RAW, line=lineno)
    return [inliner.problematic(rawtext, rawtext, message)], [message]


def _file_problem(env: BuildEnvironment, docname: str, target: str) -> str | None:
    """Why ``target`` (as written in the page) is not a regular file inside the project."""
    if urlsplit(target).scheme or target.startswith("//"):
        return (
            f"`{shown(target)}` is not a file of the site: put the file in the repository "
            "(pictures in `_static/`) and write its path"
        )
    if "*" in target:
        return f"`{shown(target)}`: write the file's full name, without `*`"
    relative, absolute = env.relfn2path(target, docname)
    resolved, project = Path(absolute).resolve(), env.srcdir.resolve()
    if not resolved.is_relative_to(project) or any(
        part.startswith(".") or part == "_build" for part in resolved.relative_to(project).parts
    ):
        return f"`{shown(target)}` is outside the site's files: only files in the repository"
    if resolved.is_file():
        return None
    hint = ""
    if not target.startswith("/") and (env.srcdir / target).is_file():
        hint = f": paths start from this page's folder; write `/{shown(target)}` (from the top)"
    return f"there is no file `{shown(relative)}`{hint}"


# -- Structure ----------------------------------------------------------------------------


def check_page_names(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """No page where the build writes a file of its own."""
    reserved = GENERATED_NAMES | {
        child.name
        for folder in app.config.locale_dirs
        for child in ((app.srcdir / folder).iterdir() if (app.srcdir / folder).is_dir() else ())
        if (child / "LC_MESSAGES").is_dir()
    }
    problems = []
    for docname in sorted(env.found_docs):
        top = docname.split("/", 1)[0]
        if docname in GENERATED_PAGES:
            message = f"the site's own `{docname}` page is written here: give this page another"
            problems.append(Problem(1, f"{message} file name", _path(env, docname)))
        elif "/" in docname and top in reserved:
            message = f"the build writes `{top}` at the top of the site"
            problems.append(
                Problem(1, f"{message}: rename the folder `{top}/`", _path(env, docname))
            )
    stop_on(problems)


def check_toctree_cycles(app: Sphinx, env: BuildEnvironment) -> None:
    """A toctree that leads back to a page above it (Sphinx would crash)."""
    includes = env.toctree_includes
    problems: list[Problem] = []
    done: set[str] = set()

    def visit(docname: str, path: list[str]) -> None:
        done.add(docname)
        for child in includes.get(docname, ()):
            if child in path and child != docname:  # Sphinx reports a page listing itself
                chain = " > ".join([*path[path.index(child) :], child])
                line = next(
                    (
                        toctree.line
                        for toctree in env.get_doctree(docname).findall(addnodes.toctree)
                        if child in toctree["includefiles"] and toctree.line
                    ),
                    1,
                )
                message = f"this toctree leads back to a page above it ({chain}): list each page"
                problems.append(
                    Problem(line, f"{message} once, below its parent", _path(env, docname))
                )
            elif child not in done:
                visit(child, [*path, child])

    for docname in [app.config.root_doc, *sorted(includes)]:
        if docname not in done:
            visit(docname, [docname])
    stop_on(problems)


# -- Static files -------------------------------------------------------------------------


def check_static_files(app: Sphinx) -> None:
    """Every file the project's static folders would publish, before Sphinx copies any."""
    theme = getattr(app.builder, "theme", None)  # only HTML builders have one
    if theme is None:
        return
    # conf.py names the project's folders relative to itself; extensions add absolute paths.
    entries = [Path(entry) for entry in [*app.config.html_static_path, *app.config.html_extra_path]]
    taken = set(SPHINX_STATIC_FILES)
    for root in [Path(folder, "static") for folder in theme.get_theme_dirs()] + [
        entry for entry in entries if entry.is_absolute()
    ]:
        for path in root.rglob("*") if root.is_dir() else ():
            taken.add(path.relative_to(root).as_posix().removesuffix("_t").removesuffix(".jinja"))
    problems = []
    for folder in [Path(app.confdir, entry) for entry in entries if not entry.is_absolute()]:
        for path in [folder] if folder.is_file() else sorted(folder.rglob("*")):
            inside = path.relative_to(folder).as_posix() if path != folder else path.name
            problem = _static_problem(path, inside, taken) if path.is_file() else None
            if problem:
                problems.append(Problem(1, problem, path.relative_to(app.confdir).as_posix()))
    stop_on(problems)


def _static_problem(path: Path, inside: str, taken: set[str]) -> str | None:
    """Why the file ``path`` (``inside`` its static folder) may not be published (links
    and special files stopped the build before: ``source_tree.py``)."""
    if inside.lower().endswith(CODE_SUFFIXES):
        return (
            "script, HTML pages and templates are not accepted here: "
            "a page is a Markdown file, and the site's scripts come from its theme"
        )
    if inside in taken:
        return (
            "a file of the theme or of an extension has this name, and this one would replace "
            "it on every page: give it another name"
        )
    size = path.stat().st_size
    if size > MAX_STATIC_BYTES:
        return (
            f"{size:,} bytes is more than the limit of {MAX_STATIC_BYTES:,} bytes per file: "
            "make it smaller (a picture 1600 pixels wide is plenty)"
        )
    if not inside.lower().endswith(".svg"):
        return None
    from .gate import Site, markup_problems  # the output gate's reading of a picture

    site = Site("https://site.invalid/", {}, epub=False)
    problems = markup_problems(path.read_bytes(), f"{site.address}_static/{inside}", site, svg=True)
    return problems[0][0] if problems else None


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", turn_off_file_insertion)
    app.connect("builder-inited", check_static_files, priority=900)
    app.connect("source-read", check_source)
    app.add_role("raw", refused_raw_role, override=True)
    app.connect("doctree-read", check_page, priority=400)
    app.connect("env-before-read-docs", check_page_names)
    app.connect("env-updated", check_toctree_cycles)
