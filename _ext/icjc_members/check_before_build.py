"""Check the members file before Sphinx reads or writes anything, and say what to rebuild.

The file is read and checked on every run, incremental ones included (a deleted logo is
noticed), as soon as the configuration is known. A broken file stops the build there, so
the previous good site in ``_build`` stays as it was.

What changed is decided by content: a digest of the members file, the schema and the logo
files, never their modification times (``cp -p`` and ``git checkout`` keep old ones).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from sphinx.util import logging

from .domain import members_domain
from .failures import guarded
from .loading import MembersFileError, load_members
from .model import Member
from .reporting import WARNING_SUBTYPE, WARNING_TYPE, annotate_on_github, location, safe_message

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class MembersAtStart:
    """The members checked when the build starts, handed to the environment."""

    def __init__(self) -> None:
        self.members: tuple[Member, ...] = ()

    @guarded()
    def load_or_stop(self, app: Sphinx, config: Config) -> None:
        """``config-inited``: check the file; store its digest in a config value.

        The digest value has rebuild level "html", and Sphinx compares it before it decides
        which pages to write, so a change to the members rewrites every page's sidebar.
        """
        members_file = config.icjc_members_file
        try:
            self.members = load_members(
                app.srcdir / members_file,
                app.srcdir / config.icjc_members_schema,
                app.srcdir,
                config.language,  # values given per language are read in the build's
            )
        except MembersFileError as error:
            for problem in error.problems:
                logger.error(
                    safe_message(problem),
                    location=location(members_file, problem),
                    type=WARNING_TYPE,
                    subtype=WARNING_SUBTYPE,
                )
            annotate_on_github(members_file, error.problems)
            logger.info(
                "The site was not built: fix the problems listed above in %s, then build again.",
                members_file,
            )
            # Not an exception: Sphinx would print a crash report meant for its developers.
            raise SystemExit(1) from None
        config.icjc_members_digest = _digest(
            app, (members_file, config.icjc_members_schema, *self._logos())
        )

    def _logos(self) -> list[str]:
        return sorted({member.logo for member in self.members if member.logo})

    @guarded()
    def hand_to_environment(self, app: Sphinx) -> None:
        """``builder-inited``: the members go into the environment, before any reader forks."""
        members_domain(app.env).set_members(self.members, app.config.icjc_members_digest)

    @guarded()
    def pages_to_reread(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> Iterable[str]:
        """``env-get-outdated``: pages drawn from the members, when the members changed."""
        domain = members_domain(env)
        return domain.users if domain.members_changed else ()

    @guarded()
    def pages_to_rewrite(self, app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
        """``env-updated``: stop on a worker's error; settle which page owns each anchor.

        When an anchor changes page, every page is rewritten: its card and the
        ``{member}`` links to it, wherever they are.
        """
        domain = members_domain(env)
        if domain.failures:
            logger.info("The site was not written: see the internal error above.")
            raise SystemExit(1)
        if domain.settle_anchor_owners():
            return sorted(env.found_docs)
        return ()


def _digest(app: Sphinx, names: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = app.srcdir / name
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()
