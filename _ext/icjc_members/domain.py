"""Where the members live during a build, and the ``{member}`` cross-reference role.

The checked members are stored in this domain's data when the builder starts, before
any reader process forks, so directives, references and templates all read one copy.
The domain also records which page carries each member's card anchor.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, ClassVar

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
    """Member data for the whole build and the anchors of the member cards."""

    name = "icjc"
    label = "ICJC members"
    roles: ClassVar = {"member": MemberRole()}
    initial_data: ClassVar[dict[str, Any]] = {"members": {}, "digest": "", "anchors": {}}
    dangling_warnings: ClassVar = {
        "member": "no member card for the id %(target)r: use one of the ids in members/members.yaml"
    }

    @property
    def members(self) -> dict[str, Member]:
        """The members by id, in file order."""
        return self.data["members"]

    @property
    def anchors(self) -> dict[str, str]:
        """For each member id, the page that holds its card anchor."""
        return self.data["anchors"]

    @property
    def digest(self) -> str:
        """The digest of the members file the members were read from."""
        return self.data["digest"]

    def set_members(self, members: Iterable[Member], digest: str) -> None:
        self.data["members"] = {member.id: member for member in members}
        self.data["digest"] = digest

    def claim_anchor(self, member_id: str, docname: str) -> bool:
        """Give the member's card anchor to this page, unless a card already has it."""
        if member_id in self.anchors:
            return False
        self.anchors[member_id] = docname
        return True

    def clear_doc(self, docname: str) -> None:
        for member_id, owner in list(self.anchors.items()):
            if owner == docname:
                del self.anchors[member_id]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for member_id, owner in otherdata["anchors"].items():
            if owner in docnames:
                self.anchors.setdefault(member_id, owner)

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
        page = self.anchors.get(target)
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
    return env.domains[MembersDomain.name]
