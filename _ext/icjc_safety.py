"""A contributed file can change what the site says, never what the build does or reads, and
never add script.

Read the Docs builds a preview of every pull request, so a page or a file under ``_static/``
sent by anyone is built with the project's tools and published. This extension holds pages
and static files to content: Markdown, images and styles from inside the repository.

- Pages: no file insertion and no raw output (docutils' own switches); no raw HTML from
  Markdown; images and downloads only from regular files inside the project; front matter
  that sets nothing but the page's description; links only to http, https, mailto or the
  site itself, in the text, in toctrees and in buttons. The offending part is left out of
  the page, with one located message.
- Static files: regular files inside the project, no script, no template, no file that
  takes the place of a theme's or an extension's own, SVG without script or outside
  references, and a size limit. A problem stops the build before anything is written.
- Structure: no page where Sphinx writes its own (``search``, ``genindex``), no folder named
  like a file the build writes, no toctree that leads back to itself (Sphinx would crash).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import defusedxml.ElementTree
import yaml
from defusedxml import DefusedXmlException
from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__version__ = "1.0.0"
logger = logging.getLogger(__name__)

#: Messages print as ``index.md:12: WARNING: ... [icjc.safety]``.
WARNING_TYPE = "icjc"
WARNING_SUBTYPE = "safety"

#: Link schemes a page may use; links without a scheme or host stay inside the site.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: What a page's front matter may set under ``myst``: its description, for search engines.
FRONT_MATTER_META = frozenset({"description"})
#: The docutils settings that let a page read files or write raw output, as docutils.conf
#: may spell them.
DOCUTILS_SWITCHES = re.compile(r"(file.insertion|raw).enabled", re.IGNORECASE)
#: Keys MyST still reads outside ``myst`` in front matter.
MYST_TOP_LEVEL_KEYS = frozenset({"html_meta", "substitutions"})

#: Files under a static folder that a browser runs, or that Sphinx renders as templates.
CODE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".cjs", "_t", ".jinja")
#: The project's own files of those kinds, as paths inside their static folder. None so far.
OWN_CODE_FILES: frozenset[str] = frozenset()
#: Files Sphinx itself writes into ``_static/`` (the theme's and extensions' are read from
#: their folders).
SPHINX_STATIC_FILES = frozenset({"pygments.css"})
#: The largest static file, in bytes: pictures for a web page are far smaller.
MAX_STATIC_BYTES = 1_000_000

#: Pages Sphinx writes itself, over a page of the same name.
GENERATED_PAGES = frozenset({"search", "genindex"})
#: Files and folders the build writes at the top of the site; each translation adds a folder
#: named after its language (``fr/``).
GENERATED_NAMES = frozenset(
    {"_static", "_images", "_downloads", "_sources", "searchindex.js", "objects.inv"}
    | {"members.json", "sitemap.xml", "robots.txt"}  # from the site's extensions
)

#: SVG: elements that run script, embed other documents or hold HTML; attributes that link.
SVG_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
)
SVG_LINK_ATTRIBUTES = frozenset({"href", "src"})
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


# -- Links ------------------------------------------------------------------------------


def allowed_link(uri: str) -> bool:
    """True for an http, https or mailto link, or a link inside the site.

    ``javascript:`` and ``data:`` links run script when followed; other schemes start
    programs. A link without a scheme but with a host (``//example.org``) leaves the site.
    """
    try:
        parts = urlsplit(uri.strip())
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in LINK_SCHEMES
    return not parts.netloc and not any(ord(char) < 32 for char in uri)


def _refused_link(uri: str) -> str:
    return (
        f"the link `{_shown(uri)}` is not allowed: links go to http://, https:// or "
        "mailto: addresses, or to the site's own pages"
    )


def _shown(text: str, limit: int = 80) -> str:
    """A value from a page, safe to print in one log line."""
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- Pages --------------------------------------------------------------------------------


def _page_file(env: BuildEnvironment, docname: str) -> str:
    return env.doc2path(docname, False).as_posix()


def _where(env: BuildEnvironment, docname: str, node: nodes.Node) -> str:
    """``page.md:12``: the page and the line of ``node`` or of the nearest node around it."""
    return f"{_page_file(env, docname)}:{get_source_line(node)[1] or 1}"


def _warn(message: str, location: str) -> None:
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=WARNING_SUBTYPE)


def turn_off_file_insertion(app: Sphinx) -> None:
    """``builder-inited``: ``{include}``, ``{literalinclude}``, ``{raw}``, ``:file:`` options
    read any path, ``/etc/passwd`` included; docutils' switches refuse them with a message.

    A ``docutils.conf`` beside conf.py outranks these settings, and docutils reads it
    whatever it is (``/dev/zero`` never ends): it may not be a link, nor set either switch.
    """
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False
    conf = Path(app.confdir, "docutils.conf")
    if conf.is_symlink() or (conf.exists() and not conf.is_file()):
        _stop_on([("docutils.conf:1", "docutils.conf must be a regular file, not a link")])
    elif conf.exists() and DOCUTILS_SWITCHES.search(conf.read_text("utf-8", "replace")):
        message = "docutils.conf may not set file_insertion_enabled or raw_enabled"
        _stop_on([("docutils.conf:1", f"{message}: pages may not read other files")])


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: front matter may set the page's description, nothing else under
    ``myst``. MyST extensions turned on there run code (``substitution`` evaluates Jinja
    with the build's objects) and ``html_meta`` can redirect visitors. A page that tries
    is read without its front matter (same line numbers), with one message."""
    lines = source[0].splitlines(keepends=True)
    if not lines or not lines[0].startswith("---"):
        return
    end = next(
        (at for at, line in enumerate(lines[1:], 1) if line.startswith(("---", "..."))), None
    )
    if end is None:
        return
    try:
        root = yaml.compose("".join(lines[1:end]))
    except yaml.YAMLError:
        return  # MyST reports malformed front matter itself, and then ignores it
    problem = _front_matter_problem(root)
    if problem is None:
        return
    key, line = problem
    _warn(
        f"front matter may set only `myst: html_meta: description:`, not `{_shown(key)}`: "
        "the rest of a page's settings belong to conf.py",
        f"{_page_file(app.env, docname)}:{line + 2}",  # the YAML starts on line 2
    )
    source[0] = "\n" * (end + 1) + "".join(lines[end + 1 :])


def _front_matter_problem(root: yaml.Node | None) -> tuple[str, int] | None:
    """The first key under ``myst`` that is not ``html_meta: description``, and its line.

    MyST still reads ``html_meta`` and ``substitutions`` at the top level (deprecated)."""
    for key, value in _pairs(root):
        if key.value in MYST_TOP_LEVEL_KEYS:
            return str(key.value), key.start_mark.line
        if key.value != "myst":
            continue
        if not isinstance(value, yaml.MappingNode):
            return "myst", key.start_mark.line
        for option, setting in _pairs(value):
            if option.value != "html_meta" or not isinstance(setting, yaml.MappingNode):
                return str(option.value), option.start_mark.line
            for name, _ in _pairs(setting):
                if name.value not in FRONT_MATTER_META:
                    return f"html_meta: {name.value}", name.start_mark.line
    return None


def _pairs(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before Sphinx collects images and toctrees: leave out raw HTML,
    images and downloads from outside the project, and links to refused schemes."""
    env = app.env
    docname = env.current_document.docname
    for raw in list(doctree.findall(nodes.raw)):
        if raw.source:  # MyST gives raw HTML the page's source; extensions' raw has none
            _warn(
                "raw HTML is not allowed in pages: write Markdown (MyST) instead",
                _where(env, docname, raw),
            )
            raw.parent.remove(raw)
    files: list[nodes.Element] = [
        *doctree.findall(nodes.image),
        *doctree.findall(addnodes.download_reference),
    ]
    for node in files:
        target = node["uri"] if isinstance(node, nodes.image) else node["reftarget"]
        problem = _file_problem(env, docname, target)
        if problem:
            _warn(problem, _where(env, docname, node))
            if node.children:  # a download's text stays, without its link
                node.replace_self(node.children)
            else:
                node.parent.remove(node)
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri")
        if uri is not None and not allowed_link(uri):
            _warn(_refused_link(uri), _where(env, docname, reference))
            reference.replace_self(reference.children)
    for toctree in doctree.findall(addnodes.toctree):
        for entry in list(toctree["entries"]):
            ref = entry[1]
            if ref != "self" and ref not in env.found_docs and not allowed_link(ref):
                _warn(_refused_link(ref), _where(env, docname, toctree))
                toctree["entries"].remove(entry)


def _file_problem(env: BuildEnvironment, docname: str, target: str) -> str | None:
    """Why ``target`` (as written in the page) is not a regular file inside the project."""
    if urlsplit(target).scheme or target.startswith("//"):
        return (
            f"`{_shown(target)}` is not a file of the site: put the file in the repository "
            "(pictures in `_static/`) and write its path"
        )
    if "*" in target:
        return f"`{_shown(target)}`: write the file's full name, without `*`"
    relative, absolute = env.relfn2path(target, docname)
    resolved = Path(absolute).resolve()
    project = env.srcdir.resolve()
    if not resolved.is_relative_to(project) or any(
        part.startswith(".") or part == "_build" for part in resolved.relative_to(project).parts
    ):
        return f"`{_shown(target)}` is outside the site's files: only files in the repository"
    if resolved.is_file():
        return None
    hint = ""
    if not target.startswith("/") and (env.srcdir / target).is_file():
        hint = f": paths start from this page's folder; write `/{_shown(target)}` (from the top)"
    return f"there is no file `{_shown(relative)}`{hint}"


# -- Structure ----------------------------------------------------------------------------


def check_page_names(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: no page where the build writes a file of its own."""
    reserved = GENERATED_NAMES | set(_languages(app))
    problems = []
    for docname in sorted(env.found_docs):
        top = docname.split("/", 1)[0]
        where = f"{_page_file(env, docname)}:1"
        if docname in GENERATED_PAGES:
            message = f"the site's own `{docname}` page is written here: give this page another"
            problems.append((where, f"{message} file name"))
        elif "/" in docname and top in reserved:
            message = f"the build writes `{top}` at the top of the site"
            problems.append((where, f"{message}: rename the folder `{top}/`"))
    _stop_on(problems)


def check_toctree_cycles(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: a toctree that leads back to a page above it (Sphinx would crash)."""
    includes = env.toctree_includes
    problems: list[tuple[str, str]] = []
    done: set[str] = set()

    def visit(docname: str, path: list[str]) -> None:
        done.add(docname)
        for child in includes.get(docname, ()):
            if child == docname:
                continue  # Sphinx reports a page that lists itself, and carries on
            if child in path:
                chain = " > ".join([*path[path.index(child) :], child])
                message = f"this toctree leads back to a page above it ({chain}): list each page"
                problems.append(
                    (_toctree_location(env, docname, child), f"{message} once, below its parent")
                )
            elif child not in done:
                visit(child, [*path, child])

    for docname in [app.config.root_doc, *sorted(includes)]:
        if docname not in done:
            visit(docname, [docname])
    _stop_on(problems)


def _toctree_location(env: BuildEnvironment, docname: str, child: str) -> str:
    """The page and line of the toctree in ``docname`` that lists ``child``."""
    page = _page_file(env, docname)
    for toctree in env.get_doctree(docname).findall(addnodes.toctree):
        if child in toctree["includefiles"] and toctree.line:
            return f"{page}:{toctree.line}"
    return f"{page}:1"


def _languages(app: Sphinx) -> Iterator[str]:
    """The translations' languages: folders of ``locale_dirs`` with an ``LC_MESSAGES``."""
    for folder in app.config.locale_dirs:
        path = app.srcdir / folder
        if path.is_dir():
            yield from (child.name for child in path.iterdir() if (child / "LC_MESSAGES").is_dir())


def _stop_on(problems: list[tuple[str, str]]) -> None:
    """Report each problem, then stop before anything more is read or written."""
    for location, message in problems:
        logger.error(message, location=location, type=WARNING_TYPE, subtype=WARNING_SUBTYPE)
    if problems:
        logger.info("The site was not built: fix the problems listed above, then build again.")
        # Not an exception: Sphinx would print a crash report meant for its developers.
        raise SystemExit(1)


# -- Static files -------------------------------------------------------------------------


def check_static_files(app: Sphinx) -> None:
    """``builder-inited``, after the extensions add their static folders: check every file
    the project's static folders would publish, before Sphinx copies any."""
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    config = app.config
    entries = [*config.html_static_path, *config.html_extra_path]
    # conf.py names the project's folders relative to itself; extensions add absolute paths.
    ours = [Path(app.confdir, entry) for entry in entries if not Path(entry).is_absolute()]
    theirs = [Path(entry) for entry in entries if Path(entry).is_absolute()]
    taken = _theme_and_extension_files(app.builder, theirs)
    problems = []
    for folder in ours:
        for path in _walk(folder):
            inside = path.relative_to(folder).as_posix() if path != folder else path.name
            problem = _static_problem(path, inside, folder, taken)
            if problem:
                shown = _shown(path.relative_to(app.confdir).as_posix(), 200)
                problems.append((f"{shown}:1", problem))  # file:LINE, as problem matchers read
    _stop_on(problems)


def _walk(folder: Path) -> Iterator[Path]:
    """Every file, folder and link under ``folder``, links not followed."""
    if not folder.is_dir() or folder.is_symlink():
        if folder.exists() or folder.is_symlink():
            yield folder
        return
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root, name)
            if path.is_symlink() or name in files:
                yield path


def _static_problem(path: Path, inside: str, folder: Path, taken: set[str]) -> str | None:
    """Why the file ``path`` (``inside`` its static folder) may not be published."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        target = path.resolve()
        if target.is_dir():
            return "a link to a folder: copy the files themselves into the folder"
        if not target.is_relative_to(folder.resolve()) or not target.is_file():
            return "a link to a file outside this folder: copy the file itself here"
        mode = target.stat().st_mode
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, a pipe or a socket): remove it"
    if inside.lower().endswith(CODE_SUFFIXES) and inside not in OWN_CODE_FILES:
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
    if inside.lower().endswith(".svg"):
        return _svg_problem(path.read_bytes())
    return None


def _theme_and_extension_files(builder: StandaloneHTMLBuilder, folders: list[Path]) -> set[str]:
    """The names the theme's and extensions' static files take in ``_static/``."""
    assert builder.theme is not None
    roots = [Path(theme, "static") for theme in builder.theme.get_theme_dirs()]
    names = set(SPHINX_STATIC_FILES)
    for root in [*roots, *folders]:
        for path in root.rglob("*") if root.is_dir() else ():
            name = path.relative_to(root).as_posix()
            names.add(name.removesuffix("_t").removesuffix(".jinja"))
    return names


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG file could run script or load something from elsewhere, if it could."""
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except (DefusedXmlException, SyntaxError, ValueError):
        return "not a well-formed SVG file without entities: save it again as plain SVG"
    for element in root.iter():
        name = _local(element.tag)
        if name in SVG_FORBIDDEN_ELEMENTS:
            return f"an SVG file may not contain `<{name}>`: remove it"
        for attribute, value in element.attrib.items():
            problem = _svg_attribute_problem(name, _local(attribute), value)
            if problem:
                return problem
        if name == "style" and _OUTSIDE_URL.search(element.text or ""):
            return "an SVG file may not load styles or pictures from elsewhere"
    return None


def _svg_attribute_problem(element: str, attribute: str, value: str) -> str | None:
    if attribute.lower().startswith("on"):
        return f"an SVG file may not contain event attributes (`{_shown(attribute)}`)"
    if attribute in SVG_LINK_ATTRIBUTES and not value.strip().startswith("#"):
        return f'an SVG file may only link inside itself (`{attribute}="{_shown(value)}"`)'
    if attribute == "style" and _OUTSIDE_URL.search(value):
        return "an SVG file may not load styles or pictures from elsewhere"
    if element in {"animate", "set"} and value.strip().lower() in {"href", "xlink:href"}:
        return f"an SVG file may not change links with `<{element}>`"
    return None


def _local(name: str | Any) -> str:
    """An XML name without its namespace: ``{http://www.w3.org/2000/svg}script`` → ``script``."""
    return str(name).rsplit("}", 1)[-1]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", turn_off_file_insertion)
    app.connect("builder-inited", check_static_files, priority=900)
    app.connect("source-read", check_front_matter)
    app.connect("doctree-read", check_page, priority=400)
    app.connect("env-before-read-docs", check_page_names)
    app.connect("env-updated", check_toctree_cycles)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
