"""A contributed file can change what the site says, never what the build does or reads, and
never add script: Read the Docs builds and publishes every pull request's files.

- ``source_tree``: before anything is read, no link, special file, ``docutils.conf``, page
  too big or folder too deep;
- ``page_source``: front matter read once, strictly, and only what is allowed handed to MyST;
  nothing nested deeper than the parsers read;
- ``page_rules``: what a page became (after translation too), whatever syntax made it: no raw
  HTML, math, refresh, file from outside, refused link or unplain class; no page where the
  build writes its own, no toctree that leads back to itself (Sphinx would crash);
- ``static_files``: regular files, no script or template, SVG without script;
- ``gate``: every output file, before the build reports success.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Every message of the site's extensions ends in ``[icjc.<subtype>]``.
WARNING_TYPE = "icjc"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


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


def setup(app: Sphinx) -> None:
    from . import gate, page_rules, page_source, source_tree, static_files

    source_tree.setup(app)
    page_source.setup(app)
    page_rules.setup(app)
    static_files.setup(app)
    gate.setup(app)
