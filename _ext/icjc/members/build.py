"""The members during a build: checked before Sphinx reads or writes anything (a broken
file leaves the last good site as it was), shared with every page, published as
``members.json``. A digest of the members file, schema and logos, not modification times,
says what changed; the members live in a domain's data, set before readers fork, so that
parallel builds equal serial ones."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging

from icjc.safety import WARNING_TYPE

from .loading import WARNING_SUBTYPE, Member, load_members
from .text_policy import escape_invisible
from .yaml_layout import MembersFileError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
#: The attribute naming the member a card node shows; its anchor is placed after reading.
MEMBER_ATTRIBUTE = "icjc-member"


class MembersDomain(Domain):
    """The members of the whole build: no page adds to them."""

    name = "icjc"
    label = "ICJC members"
    initial_data: ClassVar[dict[str, Any]] = {"members": {}, "digest": ""}

    @property
    def members(self) -> dict[str, Member]:  # by id, in file order
        return cast(dict[str, Member], self.data["members"])

    def clear_doc(self, docname: str) -> None:
        pass

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        pass


def members_domain(env: BuildEnvironment) -> MembersDomain:
    return cast(MembersDomain, env.domains[MembersDomain.name])


def setup(app: Sphinx) -> None:
    from .cards import MemberCardsDirective
    from .member_map import MemberMapDirective

    app.add_config_value("icjc_members_file", "members/members.yaml", "env", types=frozenset({str}))
    app.add_config_value(
        "icjc_members_schema", "members/members.schema.json", "env", types=frozenset({str})
    )
    app.add_config_value(
        "icjc_structured_data_pages", ["index", "members/index"], "html", types=frozenset({list})
    )
    app.add_domain(MembersDomain)
    app.add_directive("member-cards", MemberCardsDirective)
    app.add_directive("member-map", MemberMapDirective)
    loaded: list[Member] = []
    digest = hashlib.sha256()

    def load_or_stop(app: Sphinx, config: Config) -> None:
        """Check the file, and take its digest."""
        members_file = config.icjc_members_file
        try:
            loaded[:] = load_members(
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
        logos = sorted({member.logo for member in loaded if member.logo})
        for name in (members_file, config.icjc_members_schema, *logos):
            path = app.srcdir / name
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
            digest.update((path.read_bytes() if path.is_file() else b"<missing>") + b"\0")

    def hand_to_environment(app: Sphinx) -> None:
        """Before any reader forks; remembers whether the members changed."""
        data = members_domain(app.env).data
        data["members"] = {member.id: member for member in loaded}
        data["changed"] = data["digest"] != digest.hexdigest()
        data["digest"] = digest.hexdigest()

    def pages_to_reread(app: Sphinx, env: BuildEnvironment, *changes: set[str]) -> Iterable[str]:
        """Every page when the members changed: each sidebar lists them (a handful of pages)."""
        return sorted(env.found_docs) if members_domain(env).data.get("changed") else ()

    app.connect("config-inited", load_or_stop)
    app.connect("builder-inited", hand_to_environment)
    app.connect("env-get-outdated", pages_to_reread)
    app.connect("doctree-read", place_anchors)
    app.connect("html-page-context", add_to_page)
    app.connect("build-finished", write_members_json)


def place_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Each member's first card on a page gets the id ``member-<id>``. An id a heading or
    label of the page already has stays theirs, and the member's line is reported."""
    members = members_domain(app.env).members
    for card in list(doctree.findall(nodes.Element)):
        member = members.get(card.get(MEMBER_ATTRIBUTE, ""))
        taken = doctree.ids.get(member.anchor) if member else None
        if member is None or taken is card:
            continue
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


def add_to_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The members for the sidebar list, and JSON-LD (schema.org) on the chosen pages."""
    members = list(members_domain(app.env).members.values())
    context["icjc_members"] = members
    if pagename not in app.config.icjc_structured_data_pages:
        return
    config = app.config
    organisation: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": config.project,
        "alternateName": config.html_short_title,
        "description": config.html_context.get("site_description", ""),
        "member": [],
    }
    if config.html_baseurl:
        organisation["url"] = config.html_baseurl
    for member in members:
        address = {"@type": "PostalAddress", "addressLocality": member.city}
        if member.region:
            address["addressRegion"] = member.region
        # schema.org prefers the ISO 3166 code; the name stands in until the code is added.
        address["addressCountry"] = member.country_code or member.country
        entry = {"@type": "Organization", "name": member.name, "address": address}
        organisation["member"].append(entry | ({"url": member.url} if member.url else {}))
    text = json.dumps(organisation, ensure_ascii=False, separators=(",", ":"))
    # Safe inside an HTML <script> element: no "<", ">" or "&" left raw.
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    context["icjc_jsonld"] = text


def write_members_json(app: Sphinx, exception: Exception | None) -> None:
    """Publish the members as ``members.json`` next to the pages, for other sites."""
    if exception is not None or app.builder.format != "html":
        return
    members = members_domain(app.env).members.values()
    payload = {"inLanguage": app.config.language, "members": [m.as_json() for m in members]}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    target = Path(app.outdir) / "members.json"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")  # the mode of every other output file
