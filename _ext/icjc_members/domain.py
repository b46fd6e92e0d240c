"""Where the members live during a build, and the ``{member}`` cross-reference role.

The checked members are stored in this domain's data when the builder starts, before
any reader process forks, so directives, references and templates all read one copy.
The domain also records which page carries each member's card anchor.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .model import Member

if TYPE_CHECKING:
    from docutils.nodes import Element, Node, system_message
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class MemberRole(XRefRole):
    """``{member}`icj``` links to the member's card; the text is the member's name."""

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def run(self) -> tuple[list[Node], list[system_message]]:
        self.refdomain, self.reftype = MembersDomain.name, "member"
        self.classes = ["xref", "icjc-member"]
        return self.create_xref_node()


class MembersDomain(Domain):
    """Member data for the whole build, and which page holds each member's card anchor.

    A member's anchor belongs to the first page, by name, that shows the member's card
    (within it, the first card): a rule that gives the same page whatever order pages are
    read in, serially, in parallel or incrementally.
    """

    name = "icjc"
    label = "ICJC members"
    initial_data: ClassVar[dict[str, Any]] = {
        "members": {},
        "digest": "",
        "members_changed": False,
        "cards": {},  # docname -> ids of the members it shows cards for, in order
        "users": {},  # docname -> True, for pages drawn from the members
        "owners": {},  # member id -> docname holding its anchor, as last settled
        "failures": {},  # docname -> True, where a directive failed in a worker
    }
    dangling_warnings: ClassVar = {
        "member": "no member card for the id %(target)r: use one of the ids in members/members.yaml"
    }

    @property
    def members(self) -> dict[str, Member]:
        """The members by id, in file order."""
        members: dict[str, Member] = self.data["members"]
        return members

    @property
    def digest(self) -> str:
        """The digest of the members data the members were read from."""
        digest: str = self.data["digest"]
        return digest

    @property
    def members_changed(self) -> bool:
        """True when the members differ from those of the build this environment holds."""
        changed: bool = self.data["members_changed"]
        return changed

    @property
    def users(self) -> list[str]:
        return sorted(self.data["users"])

    @property
    def failures(self) -> list[str]:
        return sorted(self.data["failures"])

    def set_members(self, members: Iterable[Member], digest: str) -> None:
        self.data["members"] = {member.id: member for member in members}
        self.data["members_changed"] = self.data["digest"] != digest
        self.data["digest"] = digest

    def note_user(self, docname: str) -> None:
        self.data["users"][docname] = True

    def note_cards(self, docname: str, member_ids: Iterable[str]) -> None:
        self.note_user(docname)
        self.data["cards"].setdefault(docname, []).extend(member_ids)

    def note_failure(self, docname: str) -> None:
        self.data["failures"][docname] = True

    def owner(self, member_id: str) -> str | None:
        """The page that holds the member's card anchor, as settled after reading."""
        owners: dict[str, str] = self.data["owners"]
        return owners.get(member_id)

    def settle_anchor_owners(self) -> bool:
        """Give each anchor to its page by the rule; True when any anchor changed page."""
        owners: dict[str, str] = {}
        for docname in sorted(self.data["cards"]):
            for member_id in self.data["cards"][docname]:
                owners.setdefault(member_id, docname)
        changed: bool = owners != self.data["owners"]
        self.data["owners"] = owners
        return changed

    def clear_doc(self, docname: str) -> None:
        for key in ("cards", "users", "failures"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("cards", "users", "failures"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        member = self.members.get(target)
        page = self.owner(target)
        if member is None or page is None:
            return None
        if not node.get("refexplicit"):
            classes = list(contnode["classes"])
            if member.name_language != env.config.language:  # written as lang="fr" by docutils
                classes.append(f"language-{member.name_language}")
            contnode = nodes.inline(member.name, member.name, classes=classes)
        return make_refnode(builder, fromdocname, page, member.anchor, contnode, member.name)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "member", target, node, contnode)
        return [("icjc:member", found)] if found else []


def members_domain(env: BuildEnvironment) -> MembersDomain:
    """The members domain of a build environment."""
    # setup() registers the domain under this name, so the entry is always a MembersDomain.
    return cast(MembersDomain, env.domains[MembersDomain.name])
