"""Build-time steps: fingerprint the members file, then load it or stop the build.

A broken members file stops the build before anything is read or written, so the
previous good site in ``_build`` stays as it was.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from sphinx.util import logging

from .domain import members_domain
from .loading import MembersFileError, load_members
from .reporting import WARNING_SUBTYPE, WARNING_TYPE, location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def record_members_digest(app: Sphinx, config: Config) -> None:
    """Store a digest of the data in a config value, before Sphinx computes ``.buildinfo``."""
    digest = hashlib.sha256()
    for name in (config.icjc_members_file, config.icjc_members_schema):
        path = app.srcdir / name
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    digest.update(config.language.encode())  # the members are read in the build's language
    config.icjc_members_digest = digest.hexdigest()


def load_members_or_stop(app: Sphinx) -> None:
    """Put the checked members in the environment, or report every problem and exit 1.

    An environment saved by an earlier build already holds the members checked then; when
    the file's digest is unchanged they are reused, and the file is not read again.
    """
    config = app.config
    domain = members_domain(app.env)
    if domain.members and domain.digest == config.icjc_members_digest:
        return
    try:
        members = load_members(
            app.srcdir / config.icjc_members_file,
            app.srcdir / config.icjc_members_schema,
            app.srcdir,
            config.language,
        )
    except MembersFileError as error:
        for problem in error.problems:
            logger.error(
                problem.message,
                location=location(config.icjc_members_file, problem),
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )
        logger.info(
            "The site was not built: fix the problems listed above in %s, then build again.",
            config.icjc_members_file,
        )
        # Not an exception: Sphinx would print a crash report meant for its developers.
        raise SystemExit(1) from None
    domain.set_members(members, config.icjc_members_digest)
