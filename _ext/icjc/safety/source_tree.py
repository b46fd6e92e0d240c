"""Before Sphinx reads anything: no symbolic link where the build would follow it (a page
linked to ``/proc/self/environ``, a folder linked to ``/``), no ``docutils.conf`` (settings
for every page: code, not content), no page too big or folders too deep to read in time.
The walk never follows a link and stops at a bound, so nothing outside is read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from . import Problem, stop_on

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

MAX_PAGE_BYTES = 1_000_000
PAGES = (".md", ".rst", ".yaml", ".yml")  # parsed as text (catalogs: languages/po_file.py)
MAX_DEPTH = 12
MAX_ENTRIES = 20_000
#: Folders read by the build although ``exclude_patterns`` keeps their files from being pages.
READ_ANYWAY = ("html_static_path", "html_extra_path", "templates_path", "locale_dirs")
DOCUTILS = (
    "docutils.conf changes how every page is read: that is a code change, which belongs in "
    "conf.py (and a maintainer's review), not in the site's files: remove it"
)


def check_source_tree(app: Sphinx, config: Config) -> None:
    """One located message per problem, then a stop before anything is read."""
    root, outputs, count = Path(app.confdir), {Path(app.outdir), Path(app.doctreedir)}, 0
    # Sphinx points docutils at this file, whatever DOCUTILSCONFIG says, and at no other.
    problems = (
        [Problem(1, DOCUTILS, "docutils.conf")] if os.path.lexists(root / "docutils.conf") else []
    )
    skip = Matcher(config.exclude_patterns)  # what Sphinx leaves out (no more: it follows links)
    values = [config[name] for name in (*READ_ANYWAY, "icjc_locale_dir") if name in config]
    read = {os.path.normpath(entry) for value in values for entry in _as_list(value)}
    for folder, folders, files in os.walk(root):  # links to folders are listed, not followed
        here = Path(folder).relative_to(root)
        count += len(folders) + len(files)
        for name in sorted(folders + files):
            path, where = Path(folder, name), (here / name).as_posix()
            left_out = path in outputs or (skip(where) and where not in read)
            problem = None if left_out else _problem(path, len(here.parts))
            if problem:
                problems.append(Problem(problem[1], problem[0], where))
            if (left_out or problem) and name in folders:
                folders.remove(name)  # not walked
        if count > MAX_ENTRIES:
            problems.append(Problem(1, f"more than {MAX_ENTRIES:,} files", here.as_posix()))
            break
    stop_on(problems)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _problem(path: Path, depth: int) -> tuple[str, int] | None:
    """Why the build may not read ``path``, and the line."""
    if path.name == "docutils.conf" and depth == 0:
        return None  # reported above
    if path.is_symlink():
        return "a symbolic link: the build reads only the project's own files; put the file here", 1
    if not (path.is_file() or path.is_dir()):
        return "not a regular file (a device, a pipe or a socket): remove it", 1
    if depth + 1 >= MAX_DEPTH and path.is_dir():
        return f"folders more than {MAX_DEPTH} deep are not read: move these files up", 1
    if not path.name.endswith(PAGES) or path.is_dir():
        return None
    if (size := path.stat().st_size) > MAX_PAGE_BYTES:
        return f"{size:,} bytes is more than the limit of {MAX_PAGE_BYTES:,} bytes per page", 1
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:  # Sphinx would stop with a crash report
        line = data[: error.start].count(b"\n") + 1
        return "this line is not UTF-8 text: save the file as UTF-8 (Unicode)", line
    return None


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_source_tree, priority=100)  # before anything is read
