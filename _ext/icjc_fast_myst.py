"""MyST's Markdown parser, without the set-up it repeats for every piece of text.

Sphinx parses every translated message on its own (``sphinx.transforms.i18n``), so a
French page runs MyST's parser once for the page and once per sentence. For each run
MyST 5.2.0

- builds a new markdown-it parser and renderer (about 4 ms), and
- creates a throw-away docutils document with fresh default settings, even though the
  caller passes one in (``options.get("document", make_document())`` evaluates its
  default first: about 8 ms).

At 200 pages that made the French build about twice as long as the English one. This
parser reuses one markdown-it parser per configuration and skips the throw-away document;
its output is the same, page for page (``tests/test_fast_myst.py``).

The contract with MyST is checked when the build starts: with another MyST version, or
if its renderer's ``setup_render`` changed, MyST's own parser is kept and a note says so.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import myst_parser
from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from myst_parser.config.main import (
    MdParserConfig,
    TopmatterReadError,
    merge_file_level,
    read_topmatter,
)
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import MystWarnings, create_warning
from sphinx.util import logging

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The MyST version whose ``DocutilsRenderer.setup_render`` is mirrored below.
MYST_VERSION = "5.2.0"


class _Renderer(SphinxRenderer):
    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        """``DocutilsRenderer.setup_render``, without building an unused document."""
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        # MyST types this ``ModuleType``; types-docutils types the module as a protocol.
        self.language_module_rst = get_language_rst(  # type: ignore[assignment]
            self.document.settings.language_code
        )
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}


class FastMystParser(MystParser):
    """MyST's Sphinx parser, reusing one markdown-it parser for the project's configuration
    (a page whose front matter changes the configuration gets its own, as in MyST)."""

    #: The project's configuration and its parser (one per process).
    _shared: tuple[MdParserConfig, MarkdownIt] | None = None

    def parse(self, inputstring: str, document: nodes.document) -> None:
        config: MdParserConfig = document.settings.env.myst_config
        project_config = config
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            pass  # reported during the render, as MyST does
        else:
            if topmatter:

                def warning(wtype: MystWarnings, msg: str) -> None:
                    create_warning(document, msg, wtype, line=1, append_to=document)

                config = merge_file_level(config, topmatter, warning)
        parser = self._shared_parser(config) if config is project_config else None
        parser = parser or create_md_parser(config, _Renderer)
        parser.options["document"] = document
        try:
            parser.render(inputstring)
        finally:
            del parser.options["document"]  # keep no document alive between pages

    @classmethod
    def _shared_parser(cls, config: MdParserConfig) -> MarkdownIt:
        if cls._shared is None or cls._shared[0] is not config:
            cls._shared = (config, create_md_parser(config, _Renderer))
        return cls._shared[1]


def contract_holds() -> bool:
    return (
        myst_parser.__version__ == MYST_VERSION
        and SphinxRenderer.setup_render is DocutilsRenderer.setup_render
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("icjc_fast_myst", True, "env", types=frozenset({bool}))
    app.connect("config-inited", _register)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def _register(app: Sphinx, config: object) -> None:
    if not app.config.icjc_fast_myst:
        return
    if not contract_holds():
        logger.info(
            "icjc_fast_myst: MyST is not %s; using its own parser (slower translated builds)",
            MYST_VERSION,
        )
        return
    app.add_source_parser(FastMystParser, override=True)
