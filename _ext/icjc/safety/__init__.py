"""A contributed file can change what the site says, never what the build does or reads, and
never add script: Read the Docs builds and publishes every pull request's files.

Pages: no file insertion, no raw output, images and downloads only from the project, front
matter that sets only the description, links only to http, https, mailto or the site.
Static files: regular files inside the project, no script or template, no theme or extension
file replaced, SVG without script or outside references, a size limit. Structure: no page
where the build writes its own, no toctree that leads back to itself (Sphinx would crash).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
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
#: What front matter may set under ``myst: html_meta:``; MyST also reads these at the top.
FRONT_MATTER_META = frozenset({"description"})
MYST_TOP_LEVEL_KEYS = frozenset({"html_meta", "substitutions"})
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
SVG_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
)
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
_SVG_OUTSIDE = "an SVG file may not load styles or pictures from elsewhere"


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


def _page(env: BuildEnvironment, docname: str, line: int | None = 1) -> str:
    return f"{env.doc2path(docname, False).as_posix()}:{line or 1}"


def _warn(message: str, location: str) -> None:
    logger.warning(message, location=location, type=WARNING_TYPE, subtype="safety")


def stop_on(
    problems: list[tuple[str, str]], subtype: str = "safety", fix: str = "problems listed"
) -> None:
    """Report each (location, message), then stop before anything is written, with no
    crash report (not an exception)."""
    for location, message in problems:
        logger.error(message, location=location, type=WARNING_TYPE, subtype=subtype)
    if problems:
        logger.info("The site was not built: fix the %s above, then build again.", fix)
        raise SystemExit(1)


# -- Pages --------------------------------------------------------------------------------


def turn_off_file_insertion(app: Sphinx) -> None:
    """``{include}``, ``:file:`` and ``{raw}`` read any path; docutils' switches refuse them.
    A ``docutils.conf``, which outranks them, stops the build (``source_tree.py``)."""
    app.env.settings.update(file_insertion_enabled=False, raw_enabled=False)


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """MyST extensions turned on in front matter run code, ``html_meta`` can redirect: such
    a page is read without its front matter (same line numbers), with one message."""
    lines = source[0].splitlines(keepends=True)
    end = next((at for at, line in enumerate(lines[1:], 1) if line.startswith(("---", "..."))), 0)
    if not lines[:1] or not lines[0].startswith("---") or not end:
        return
    try:
        problem = _front_matter_problem(yaml.compose("".join(lines[1:end])))
    except yaml.YAMLError:
        return  # MyST reports malformed front matter itself, and then ignores it
    if problem:
        key, line = problem
        _warn(
            f"front matter may set only `myst: html_meta: description:`, not `{shown(key)}`: "
            "the rest of a page's settings belong to conf.py",
            _page(app.env, docname, line + 2),  # the YAML starts on line 2
        )
        source[0] = "\n" * (end + 1) + "".join(lines[end + 1 :])


def _front_matter_problem(root: yaml.Node | None) -> tuple[str, int] | None:
    """The first key that is not ``myst: html_meta: description``, and its line."""
    for key, value in _pairs(root):
        if key.value in MYST_TOP_LEVEL_KEYS:
            return str(key.value), key.start_mark.line
        if key.value == "myst" and not isinstance(value, yaml.MappingNode):
            return "myst", key.start_mark.line
        for option, setting in _pairs(value) if key.value == "myst" else ():
            if option.value != "html_meta" or not isinstance(setting, yaml.MappingNode):
                return str(option.value), option.start_mark.line
            for name, _ in _pairs(setting):
                if name.value not in FRONT_MATTER_META:
                    return f"html_meta: {name.value}", name.start_mark.line
    return None


def _pairs(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    return [(key, value) for key, value in pairs if isinstance(key, yaml.ScalarNode)]


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx collects images and toctrees, leave out raw HTML, files from outside
    the project and refused links, each with a located message."""
    env = app.env
    docname = env.current_document.docname

    def where(node: nodes.Node) -> str:
        return _page(env, docname, get_source_line(node)[1])

    for raw in list(doctree.findall(nodes.raw)):
        if raw.source:  # MyST gives raw HTML the page's source; extensions' raw has none
            _warn("raw HTML is not allowed in pages: write Markdown (MyST) instead", where(raw))
            raw.parent.remove(raw)
    files: list[nodes.Element] = [*doctree.findall(nodes.image)]
    for node in [*files, *doctree.findall(addnodes.download_reference)]:
        target = node["uri"] if isinstance(node, nodes.image) else node["reftarget"]
        problem = _file_problem(env, docname, target)
        if problem:
            _warn(problem, where(node))
            if node.children:  # a download's text stays, without its link
                node.replace_self(node.children)
            else:
                node.parent.remove(node)
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri")
        if uri is not None and not allowed_link(uri):
            _warn(_refused_link(uri), where(reference))
            reference.replace_self(reference.children)
    for toctree in doctree.findall(addnodes.toctree):
        for entry in list(toctree["entries"]):
            ref = entry[1]
            if ref != "self" and ref not in env.found_docs and not allowed_link(ref):
                _warn(_refused_link(ref), where(toctree))
                toctree["entries"].remove(entry)


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
            problems.append((_page(env, docname), f"{message} file name"))
        elif "/" in docname and top in reserved:
            message = f"the build writes `{top}` at the top of the site"
            problems.append((_page(env, docname), f"{message}: rename the folder `{top}/`"))
    stop_on(problems)


def check_toctree_cycles(app: Sphinx, env: BuildEnvironment) -> None:
    """A toctree that leads back to a page above it (Sphinx would crash)."""
    includes = env.toctree_includes
    problems: list[tuple[str, str]] = []
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
                problems.append((_page(env, docname, line), f"{message} once, below its parent"))
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
                where = shown(path.relative_to(app.confdir).as_posix(), 200)
                problems.append((f"{where}:1", problem))  # file:LINE, as problem matchers read
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
    return _svg_problem(path.read_bytes()) if inside.lower().endswith(".svg") else None


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG file could run script or load something from elsewhere, if it could."""
    from defusedxml import DefusedXmlException, ElementTree  # only when there is an SVG

    try:
        root = ElementTree.fromstring(data)
    except (DefusedXmlException, SyntaxError, ValueError):
        return "not a well-formed SVG file without entities: save it again as plain SVG"
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1]  # without its namespace
        if name in SVG_FORBIDDEN_ELEMENTS:
            return f"an SVG file may not contain `<{name}>`: remove it"
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1]
            if attribute.lower().startswith("on"):
                return f"an SVG file may not contain event attributes (`{shown(attribute)}`)"
            if attribute in {"href", "src"} and not value.strip().startswith("#"):
                return f'an SVG file may only link inside itself (`{attribute}="{shown(value)}"`)'
            if attribute == "style" and _OUTSIDE_URL.search(value):
                return _SVG_OUTSIDE
            if name in {"animate", "set"} and value.strip().lower() in {"href", "xlink:href"}:
                return f"an SVG file may not change links with `<{name}>`"
        if name == "style" and _OUTSIDE_URL.search(element.text or ""):
            return _SVG_OUTSIDE
    return None


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", turn_off_file_insertion)
    app.connect("builder-inited", check_static_files, priority=900)
    app.connect("source-read", check_front_matter)
    app.connect("doctree-read", check_page, priority=400)
    app.connect("env-before-read-docs", check_page_names)
    app.connect("env-updated", check_toctree_cycles)
