"""The members during a build: checked when the builder starts (a broken file stops the
build before anything is written), shown on every page, published as ``members.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from icjc.languages.catalog import _
from icjc.safety import WARNING_TYPE, shown, stop_on

from .loading import SITE_MEMBERS, WARNING_SUBTYPE, Member, load_members
from .member_map import MemberMapDirective
from .yaml_reader import MembersFileError

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
#: The attribute naming the member a card node shows; its anchor is placed after reading.
MEMBER_ATTRIBUTE = "icjc-member"
#: Responsive columns for xs, sm, md and lg screens, by the ``columns`` option.
_ROW_COLUMNS = {"1": (1, 1, 1, 1), "2": (1, 2, 2, 2), "3": (1, 2, 2, 3), "4": (1, 2, 3, 4)}


class MemberCardsDirective(SphinxDirective):
    """The members as cards; ``:country: NL, FR`` keeps those of the countries with these codes."""

    option_spec: ClassVar = {
        "columns": lambda text: directives.choice(text, tuple(_ROW_COLUMNS)),
        "country": lambda text: {
            c.strip().upper() for c in directives.unchanged_required(text).split(",")
        },
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        members = list(SITE_MEMBERS[self.env])
        if wanted := self.options.get("country"):
            codes = {member.country_code for member in members}
            for code in sorted(wanted - codes):
                logger.warning(
                    "member-cards: no member is in the country `%s`; the countries are %s",
                    shown(code),
                    ", ".join(sorted(codes)),
                    location=(self.env.docname, self.lineno),
                    type=WARNING_TYPE,
                    subtype=WARNING_SUBTYPE,
                )
            members = [member for member in members if member.country_code in wanted]
        # One level below the section the directive sits in (h2 under the page title).
        depth, node = 0, cast(nodes.Node | None, self.state_machine.node)
        while node is not None:
            depth, node = depth + isinstance(node, nodes.section), node.parent
        xs, sm, md, lg = _ROW_COLUMNS[self.options.get("columns", "3")]
        grid_classes = ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "icjc-member-grid"]
        grid = create_component("grid-container", [*grid_classes, *self.options.get("class", [])])
        columns = f"sd-row-cols-{xs} sd-row-cols-xs-{xs} sd-row-cols-sm-{sm} sd-row-cols-md-{md}"
        row = create_component("grid-row", f"sd-row {columns} sd-row-cols-lg-{lg} sd-g-3".split())
        grid += row
        for member in members:
            card = member_card(member, min(depth + 1, 6), self.config.language)
            card[MEMBER_ATTRIBUTE] = member.id  # its anchor is placed once the page is read
            row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
        for element in grid.findall(nodes.Element):
            self.set_source_info(element)
            # Member data carries its own languages (members.yaml), not the page's catalog.
            element["translatable"] = False
        return [grid]


def member_card(member: Member, heading_level: int, page_language: str) -> nodes.container:
    """One sphinx-design card: the name as title, the location, and a link when known."""
    classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "icjc-member-card"]
    # Names are shown exactly as written: no "smart" quotes inside the card.
    card = create_component(
        "card", [*classes, *["sd-card-hover"] * bool(member.url)], support_smartquotes=False
    )
    if member.logo:
        card += nodes.image(uri=f"/{member.logo}", alt="", classes=["sd-card-img-top"])
    name = ["sd-card-title", "icjc-member-name", *member.name_classes(page_language)]
    title = nodes.rubric(member.name, member.name, classes=name)
    title["heading-level"] = heading_level
    location = ["sd-card-text", "icjc-member-location"]
    body = create_component("card-body", ["sd-card-body"], children=[title])
    body += nodes.paragraph(member.address, member.address, classes=location)
    if member.description:
        body += nodes.paragraph(member.description, member.description, classes=["sd-card-text"])
    card += body
    if member.url:
        label = str(_("{name} (website)")).format(name=member.name)
        link = nodes.reference(label, "", nodes.inline(label, label), refuri=member.url)
        link["classes"] = ["sd-stretched-link", "sd-hide-link-text"]
        card += PassthroughTextElement("", "", link)
    return card


def setup(app: Sphinx) -> None:
    app.add_config_value("icjc_members_file", "members/members.yaml", "env", types=str)
    app.add_config_value("icjc_members_schema", "members/members.schema.json", "env", types=str)
    pages = ["index", "members/index"]  # the pages given the members as JSON-LD
    app.add_config_value("icjc_structured_data_pages", pages, "html", types=list)
    app.add_directive("member-cards", MemberCardsDirective)
    app.add_directive("member-map", MemberMapDirective)
    app.connect("builder-inited", load_or_stop)
    app.connect("doctree-read", place_anchors)
    app.connect("html-page-context", add_to_page)
    app.connect("build-finished", write_members_json)
    app.connect("build-finished", report_member_websites)


def load_or_stop(app: Sphinx) -> None:
    config, src = app.config, app.srcdir
    try:
        files = (src / config.icjc_members_file, src / config.icjc_members_schema)
        SITE_MEMBERS[app.env] = load_members(*files, src, config.language)
    except MembersFileError as error:
        where, file = f"problems listed in {config.icjc_members_file}", config.icjc_members_file
        stop_on(error.problems, WARNING_SUBTYPE, where, file)


def place_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Each member's first card on a page gets the id ``member-<id>``, unless a heading or
    label has it. Every page lists the members: it depends on their file, schema and logos."""
    config = app.config
    logos = [member.logo for member in SITE_MEMBERS[app.env] if member.logo]
    for name in (config.icjc_members_file, config.icjc_members_schema, *logos):
        app.env.note_dependency(name)
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
    config, members = app.config, SITE_MEMBERS[app.env]
    context["icjc_members"] = members
    if pagename not in config.icjc_structured_data_pages:
        return
    organisation: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Organization", "name": config.project,
        "alternateName": config.html_short_title,
        "description": config.html_context.get("site_description", ""), "member": [],
    }  # fmt: skip
    if config.html_baseurl:
        organisation["url"] = config.html_baseurl
    for member in members:
        address = {"@type": "PostalAddress", "addressLocality": member.city}
        address |= {"addressRegion": member.region} if member.region else {}
        address["addressCountry"] = member.country_code  # schema.org prefers the ISO code
        entry = {"@type": "Organization", "name": member.name, "address": address}
        organisation["member"].append(entry | ({"url": member.url} if member.url else {}))
    text = json.dumps(organisation, ensure_ascii=False, separators=(",", ":"))
    # Safe inside an HTML <script> element: no "<", ">" or "&" left raw.
    context["icjc_jsonld"] = text.translate({ord(c): f"\\u{ord(c):04x}" for c in "<>&"})


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
    """``make linkcheck``: a website that does not answer is named at its member's line too."""
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
