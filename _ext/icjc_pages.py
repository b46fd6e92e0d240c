"""Pages are Markdown files listed in a toctree; this says what to do when the two disagree.

Sphinx's own messages name a document ("toctree contains reference to nonexisting document
'events'", "document isn't included in any toctree") but not the file it looked for or the
line to add. A contributor who is not a programmer needs both, so this extension replaces
those two messages with located ones that say what to write and where:

- a toctree line with no file names the file it looked for (``events.md``), and the file
  that does exist when the line only misses ``/index``;
- a page that no toctree lists names the toctree to add it to (its folder's index page
  when that has one, else the home page) and the line to add.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.directives.other import TocTree, glob_re
from sphinx.util import docname_join, logging, url_re
from sphinx.util.matching import Matcher
from sphinx.util.nodes import explicit_title_re

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__version__ = "1.0.0"
logger = logging.getLogger(__name__)

#: Messages print as ``index.md:12: WARNING: ... [icjc.pages]``.
WARNING_TYPE = "icjc"
WARNING_SUBTYPE = "pages"
#: The page suffix a contributor writes; other suffixes are left to Sphinx.
PAGE_SUFFIX = ".md"


def page_file(env: BuildEnvironment, docname: str) -> str:
    """The file of a document, relative to the source folder: ``events/index.md``."""
    return env.doc2path(docname, False).as_posix()


def missing_page_message(env: BuildEnvironment, docname: str, entry: str, here: str) -> str:
    """What to do about the toctree line ``entry`` whose document ``docname`` has no file."""
    wanted = docname + PAGE_SUFFIX
    if Matcher(env.config.exclude_patterns)(wanted):
        return (
            f"the toctree lists `{entry}`, but `{wanted}` is kept out of the site "
            "(exclude_patterns in conf.py, for tooling files): give the page another file name"
        )
    index = f"{docname}/index"
    if index in env.found_docs:
        return (
            f"the toctree lists `{entry}`, but there is no file `{wanted}`; there is "
            f"`{index}{PAGE_SUFFIX}`: write `{entry.rstrip('/')}/index` on this line"
        )
    folder = posixpath.dirname(here)
    return (
        f"the toctree lists `{entry}`, but there is no file `{wanted}`: create it "
        f"(in {f'the folder `{folder}/`' if folder else 'the top folder'}, next to "
        f"`{here}`), or correct the spelling on this line"
    )


class LocatedTocTree(TocTree):
    """Sphinx's toctree, which reports an entry with no file at the entry's own line."""

    def parse_content(self, toctree: addnodes.toctree) -> None:
        env = self.env
        here = env.current_document.docname
        kept = StringList()
        for offset, entry in enumerate(self.content):
            docname = self.missing_docname(entry.strip(), toctree)
            if docname is None:
                kept.append(entry, *self.content.items[offset])  # its source and line
                continue
            logger.warning(
                missing_page_message(env, docname, entry.strip(), page_file(env, here)),
                location=f"{page_file(env, here)}:{self.entry_line(offset)}",
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )
            env.note_reread()  # read this page again once the file exists
        self.content = kept
        super().parse_content(toctree)

    def entry_line(self, offset: int) -> int:
        """The line number of the content's line ``offset`` in the page's file.

        MyST numbers a directive's content from its first line (``content_offset`` lines
        below the directive's own); reStructuredText numbers it in the whole file.
        """
        if page_file(self.env, self.env.current_document.docname).endswith(PAGE_SUFFIX):
            return self.lineno + self.content_offset + 1 + offset
        return self.content.items[offset][1] + 1

    def missing_docname(self, entry: str, toctree: addnodes.toctree) -> str | None:
        """The document an entry names when it has no file; None for others and globs."""
        if not entry or url_re.match(entry) or (toctree["glob"] and glob_re.match(entry)):
            return None
        explicit = explicit_title_re.match(entry)
        target = explicit.group(2) if explicit else entry
        if target == "self":
            return None
        for suffix in self.config.source_suffix:
            target = target.removesuffix(suffix)
        docname = docname_join(self.env.current_document.docname, target)
        return None if docname in self.env.found_docs else docname


def toctree_to_extend(env: BuildEnvironment, docname: str) -> str:
    """The nearest index page above ``docname`` that has a toctree, else the home page."""
    folder = posixpath.dirname(docname)
    while folder:
        index = f"{folder}/index"
        if index != docname and env.toctree_includes.get(index):
            return index
        folder = posixpath.dirname(folder)
    root_doc: str = env.config.root_doc
    return root_doc


def report_pages_in_no_toctree(app: Sphinx, env: BuildEnvironment) -> None:
    """Name the toctree each unlisted page belongs in, with the line to add."""
    listed = set().union(*env.toctree_includes.values(), *env.included.values())
    for docname in sorted(env.all_docs):
        if docname in listed or docname == env.config.root_doc:
            continue
        if "orphan" in env.metadata[docname]:
            continue
        parent = toctree_to_extend(env, docname)
        line = posixpath.relpath(docname, posixpath.dirname(parent) or ".")
        logger.warning(
            "no page's navigation leads to this page: add the line `%s` to the {toctree} "
            "block in `%s`",
            line,
            page_file(env, parent),
            location=f"{page_file(env, docname)}:1",
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )


def replace_sphinx_message(app: Sphinx, config: Config) -> None:
    """Sphinx's "isn't included in any toctree" gives way to the message above."""
    config.suppress_warnings = [*config.suppress_warnings, "toc.not_included"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("toctree", LocatedTocTree, override=True)
    app.connect("config-inited", replace_sphinx_message)
    app.connect("env-check-consistency", report_pages_in_no_toctree)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
