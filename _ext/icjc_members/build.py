"""The members during a build: checked before Sphinx reads or writes anything, shared with
every page, and what to rebuild when they change.

The file is read and checked on every run, incremental ones included (a deleted logo is
noticed), as soon as the configuration is known. A broken file stops the build there, so
the previous good site in ``_build`` stays as it was. What changed is decided by content: a
digest of the members file, the schema and the logo files, never their modification times
(``cp -p`` and ``git checkout`` keep old ones).

The members are kept in a domain's data, set before any reader process forks, so that
directives and templates read one copy and parallel builds equal serial ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging

from .loading import load_members
from .model import WARNING_SUBTYPE, WARNING_TYPE, Member, MembersFileError
from .text_policy import escape_invisible

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
#: The attribute naming the member a card node shows; its anchor is placed after reading.
MEMBER_ATTRIBUTE = "icjc-member"


class MembersDomain(Domain):
    """The members of the whole build, and the pages drawn from them."""

    name = "icjc"
    label = "ICJC members"
    initial_data: ClassVar[dict[str, Any]] = {
        "members": {},
        "digest": "",
        "members_changed": False,
        "users": {},  # docname -> True, for pages drawn from the members
    }

    @property
    def members(self) -> dict[str, Member]:
        """The members by id, in file order."""
        members: dict[str, Member] = self.data["members"]
        return members

    def set_members(self, members: Iterable[Member], digest: str) -> None:
        self.data["members"] = {member.id: member for member in members}
        self.data["members_changed"] = self.data["digest"] != digest
        self.data["digest"] = digest

    def note_user(self, docname: str) -> None:
        self.data["users"][docname] = True

    def clear_doc(self, docname: str) -> None:
        self.data["users"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in otherdata["users"]:
            if docname in docnames:
                self.data["users"][docname] = True


def members_domain(env: BuildEnvironment) -> MembersDomain:
    """The members domain of a build environment."""
    # setup() registers the domain under this name, so the entry is always a MembersDomain.
    return cast(MembersDomain, env.domains[MembersDomain.name])


class MembersAtStart:
    """The members checked when the build starts, handed to the environment."""

    def __init__(self) -> None:
        self.members: tuple[Member, ...] = ()
        self.digest = ""

    def load_or_stop(self, app: Sphinx, config: Config) -> None:
        """``config-inited``: check the file, and note its digest."""
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
                    escape_invisible(problem.message),
                    location=problem.location(members_file),
                    type=WARNING_TYPE,
                    subtype=WARNING_SUBTYPE,
                )
            logger.info(
                "The site was not built: fix the problems listed above in %s, then build again.",
                members_file,
            )
            # Not an exception: Sphinx would print a crash report meant for its developers.
            raise SystemExit(1) from None
        logos = sorted({member.logo for member in self.members if member.logo})
        self.digest = _digest(app, (members_file, config.icjc_members_schema, *logos))

    def hand_to_environment(self, app: Sphinx) -> None:
        """``builder-inited``: the members go into the environment, before any reader forks."""
        members_domain(app.env).set_members(self.members, self.digest)

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
        return sorted(domain.data["users"]) if domain.data["members_changed"] else ()

    def pages_to_rewrite(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: every page, for its sidebar, when the members changed."""
        return sorted(env.all_docs) if members_domain(env).data["members_changed"] else []


def place_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: each member's first card on a page gets the id ``member-<id>``.

    An id the page already gives to a heading or a label stays theirs, and the member's
    line in the members file is reported: the contributor renames the id there.
    """
    members = members_domain(app.env).members
    for card in list(doctree.findall(nodes.Element)):
        member = members.get(card.get(MEMBER_ATTRIBUTE, ""))
        if member is None or doctree.ids.get(member.anchor) is card:
            continue
        taken = doctree.ids.get(member.anchor)
        if taken is None:
            card["ids"].append(member.anchor)
            doctree.ids[member.anchor] = card
        elif MEMBER_ATTRIBUTE not in taken:
            logger.error(
                "the id `%s` gives the anchor #%s, which a heading or label of %s already "
                "has: choose another id",
                member.id,
                member.anchor,
                app.env.doc2path(app.env.docname, False).as_posix(),
                location=f"{app.config.icjc_members_file}:{member.line}",
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )


def _digest(app: Sphinx, names: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = app.srcdir / name
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()
