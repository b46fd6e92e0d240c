"""What a page became, after translation too, whatever syntax made it, and where it sits:
no page where the build writes its own, no toctree that leads back to itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.util import logging

from . import WARNING_TYPE, Problem, allowed_link, shown, stop_on

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The ``<meta>`` attributes of a page's description (``translated``: in translations).
META_ATTRIBUTES = frozenset({"name", "content", "translated", *nodes.Element.basic_attributes})
#: Node attributes that hold an address (a cross-reference's target is a name: it resolves
#: inside the site or not at all), and the nodes that keep their words without it.
URL_ATTRIBUTES = ("refuri", "uri")
KEEP_WORDS = (nodes.reference, addnodes.pending_xref, addnodes.download_reference)
PLAIN_CLASS, PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}"), re.compile(r"[A-Za-z0-9_-]+")
_RAW = "raw HTML is not allowed in pages: write Markdown (MyST) instead"
_PLAIN = "write it with letters, digits, - and _ (a class: at most 64)"
GENERATED_PAGES = frozenset({"search", "genindex"})
#: What the build writes at the top of the site (and a folder per translation, ``fr/``).
GENERATED_NAMES = frozenset(
    {"_static", "_images", "_downloads", "_sources", "searchindex.js", "objects.inv"}
    | {"members.json", "sitemap.xml", "robots.txt"}  # from the site's extensions
)


def _refused_link(uri: str) -> str:
    return (
        f"the link `{shown(uri)}` is not allowed: links go to http://, https:// or "
        "mailto: addresses, or to the site's own pages"
    )


def page_path(env: BuildEnvironment, docname: str) -> str:
    return env.doc2path(docname, False).as_posix()


def page_location(env: BuildEnvironment, docname: str, line: int | None = 1) -> str:
    return f"{page_path(env, docname)}:{line or 1}"


def warn(message: str, location: str) -> None:
    logger.warning(message, location=location, type=WARNING_TYPE, subtype="safety")


def turn_off_file_insertion(app: Sphinx) -> None:
    """``{include}``, ``:file:`` and ``{raw}`` read any path; docutils' switches refuse them.
    A ``docutils.conf``, which outranks them, stops the build (``source_tree.py``)."""
    app.env.settings.update(file_insertion_enabled=False, raw_enabled=False)


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """What a page became, after translation too, whatever syntax made it: no raw HTML, math
    (MathJax from another website), ``<meta>`` but the description, refused link or file,
    unplain class or id. Each node refused is left out, with a located message."""
    env, docname = app.env, app.env.current_document.docname
    for node in list(doctree.findall(nodes.Element)):
        where = page_location(env, docname, _line(node))
        for key, word, plain in ("classes", "class", PLAIN_CLASS), ("ids", "id", PLAIN_ID):
            if refused := [name for name in node[key] if not plain.fullmatch(name)]:  # made plain
                warn(f"the {word} `{shown(refused[0])}` is refused: {_PLAIN}", where)
                node[key] = [name if name not in refused else _plain(name) for name in node[key]]
        if node.parent and (problem := _node_problem(env, docname, node)):
            warn(problem, where)
            if isinstance(node, KEEP_WORDS) and node.children:
                node.replace_self(node.children)  # the words stay, without their link
            else:
                node.parent.remove(node)
    for toctree in doctree.findall(addnodes.toctree):
        for entry in list(toctree["entries"]):
            if entry[1] not in {"self", *env.found_docs} and not allowed_link(entry[1]):
                warn(_refused_link(entry[1]), page_location(env, docname, toctree.line))
                toctree["entries"].remove(entry)


def _line(node: nodes.Element) -> int | None:
    """A node's line: its first element's (a link docutils wraps around an image has no good
    line of its own), its own, or its nearest container's (a card's picture has none)."""
    found: nodes.Node | None = node.next_node(nodes.Element) or node
    while found is not None:
        if line := get_source_line(found)[1]:
            return line
        found = found.parent
    return None


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
            "(pictures in `images/`) and write its path"
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
            problems.append(Problem(1, f"{message} file name", page_path(env, docname)))
        elif "/" in docname and top in reserved:
            message = f"the build writes `{top}` at the top of the site"
            problems.append(
                Problem(1, f"{message}: rename the folder `{top}/`", page_path(env, docname))
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
                    Problem(line, f"{message} once, below its parent", page_path(env, docname))
                )
            elif child not in done:
                visit(child, [*path, child])

    for docname in [app.config.root_doc, *sorted(includes)]:
        if docname not in done:
            visit(docname, [docname])
    stop_on(problems)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", turn_off_file_insertion)
    app.add_role("raw", refused_raw_role, override=True)
    app.connect("doctree-read", check_page, priority=400)
    app.connect("env-before-read-docs", check_page_names)
    app.connect("env-updated", check_toctree_cycles)
