"""Every file the project's static folders would publish, checked before Sphinx copies any:
no script or template, no file in the place of the theme's, no picture that runs script."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import Problem, stop_on

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Static files a browser runs or Sphinx renders as templates.
CODE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".cjs", "_t", ".jinja")
SPHINX_STATIC_FILES = frozenset({"pygments.css"})  # written by Sphinx itself into _static
MAX_STATIC_BYTES = 1_000_000


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
    app.connect("builder-inited", check_static_files, priority=900)
