"""Keep the build's output to what a contributor should read: no notes that look like problems.

Two notes from other packages appear on every build and mean nothing here:

- sphinxext-opengraph prints "matplotlib is not installed, social cards will not be
  generated" when it is imported, even though conf.py turns social cards off
  (``ogp_social_cards = {"enable": False}``, the documented switch): the site has its own
  sharing image. Listed before ``sphinxext.opengraph`` in ``extensions``, this module
  imports it first, with that one print silenced.
- myst-parser logs its whole configuration (``myst v5.2.0: MdParserConfig(...)``, one long
  line) at the normal level when the build starts. It stays available with ``-v``.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"
#: The logger myst-parser's configuration note goes through (Sphinx prefixes "sphinx.").
MYST_LOGGER = "sphinx.myst_parser.sphinx_ext.main"


def import_opengraph_quietly() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401


class HideMystConfiguration(logging.Filter):
    """Drop myst-parser's configuration dump unless the build runs with ``-v``."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        dump = record.levelno == logging.INFO and "MdParserConfig(" in record.getMessage()
        return not dump or self.app.verbosity > 0


def setup(app: Sphinx) -> dict[str, Any]:
    import_opengraph_quietly()
    myst_logger = logging.getLogger(MYST_LOGGER)
    for old in [f for f in myst_logger.filters if isinstance(f, HideMystConfiguration)]:
        myst_logger.removeFilter(old)  # from an earlier build in the same process
    myst_logger.addFilter(HideMystConfiguration(app))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
