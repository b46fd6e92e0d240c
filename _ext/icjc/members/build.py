"""The members during a build: read and checked when the builder starts (a broken file stops
the build before anything is written), held for the build's environment before any reader
forks, shown on every page, published as ``members.json``.

Every page's sidebar lists the members, so every page notes the members file, its schema
and the logos as dependencies: Sphinx's own tracking then reads every page again when one
of them changes, and none when nothing did.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from icjc.safety import WARNING_TYPE, shown, stop_on

from .cards import MEMBER_ATTRIBUTE, MemberCardsDirective
from .loading import SITE_MEMBERS, WARNING_SUBTYPE, load_members
from .member_map import MemberMapDirective
from .yaml_reader import MembersFileError

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def setup(app: Sphinx) -> None:
    app.add_config_value("icjc_members_file", "members/members.yaml", "env", types=frozenset({str}))
    app.add_config_value(
        "icjc_members_schema", "members/members.schema.json", "env", types=frozenset({str})
    )
    app.add_config_value(
        "icjc_structured_data_pages", ["index", "members/index"], "html", types=frozenset({list})
    )
    app.add_directive("member-cards", MemberCardsDirective)
    app.add_directive("member-map", MemberMapDirective)
    app.connect("builder-inited", load_or_stop)
    app.connect("doctree-read", note_members)
    app.connect("doctree-read", place_anchors)
    app.connect("html-page-context", add_to_page)
    app.connect("build-finished", write_members_json)
    app.connect("build-finished", report_member_websites)


def load_or_stop(app: Sphinx) -> None:
    """Values given per language are read in the build's."""
    config = app.config
    try:
        SITE_MEMBERS[app.env] = load_members(
            app.srcdir / config.icjc_members_file,
            app.srcdir / config.icjc_members_schema,
            app.srcdir,
            config.language,
        )
    except MembersFileError as error:
        where = [(p.location(config.icjc_members_file), p.message) for p in error.problems]
        stop_on(where, WARNING_SUBTYPE, f"problems listed in {config.icjc_members_file}")


def note_members(app: Sphinx, doctree: nodes.document) -> None:
    config = app.config
    logos = [member.logo for member in SITE_MEMBERS[app.env] if member.logo]
    for name in (config.icjc_members_file, config.icjc_members_schema, *logos):
        app.env.note_dependency(name)


def place_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Each member's first card on a page gets the id ``member-<id>``. An id a heading or
    label of the page already has stays theirs, and the member's line is reported."""
    members = {member.id: member for member in SITE_MEMBERS[app.env]}
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
    members = SITE_MEMBERS[app.env]
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
        address["addressCountry"] = member.country_code  # schema.org prefers the ISO code
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
    members = SITE_MEMBERS[app.env]
    payload = {"inLanguage": app.config.language, "members": [m.as_json() for m in members]}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    target = Path(app.outdir) / "members.json"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")  # the mode of every other output file


def report_member_websites(app: Sphinx, exception: BaseException | None) -> None:
    """``make linkcheck``: a member's website that does not answer is also named at the
    member's line in the members file, where it is corrected."""
    if exception or app.builder.name != "linkcheck":
        return
    lines = {member.url: member.line for member in SITE_MEMBERS[app.env] if member.url}
    output = Path(app.outdir, "output.json")
    for line in output.read_text("utf-8").splitlines() if output.is_file() else ():
        result = json.loads(line)
        if result["status"] in {"broken", "timeout"} and result["uri"] in lines:
            logger.warning(
                "this member's website does not answer (%s): check its address",
                shown(result["info"], 200),
                location=f"{app.config.icjc_members_file}:{lines[result['uri']]}",
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )
