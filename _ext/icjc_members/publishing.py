"""The members beyond their cards: the list in every page's sidebar, structured data
(JSON-LD) for search engines on chosen pages, and ``members.json`` for other sites.

The sidebar list is the same on every page (its links are absolute), so the template
``icjc/sidebar-members.html`` is rendered once per build and ``sidebar/members.html``
places the result.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .build import members_domain
from .model import Member

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

MEMBERS_JSON = "members.json"


def organisation(app: Sphinx, members: list[Member]) -> dict[str, Any]:
    """The consortium as a schema.org Organization, with one ``member`` per member."""
    config = app.config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": config.project,
        "alternateName": config.html_short_title,
        "description": config.html_context.get("site_description", ""),
        "member": [_member(member) for member in members],
    }
    if config.html_baseurl:
        data["url"] = config.html_baseurl
    return data


def _member(member: Member) -> dict[str, Any]:
    address = {"@type": "PostalAddress", "addressLocality": member.city}
    if member.region:
        address["addressRegion"] = member.region
    # schema.org prefers the ISO 3166 code; the name stands in until the code is added.
    address["addressCountry"] = member.country_code or member.country
    entry: dict[str, Any] = {"@type": "Organization", "name": member.name, "address": address}
    if member.url:
        entry["url"] = member.url
    return entry


def script_json(data: object) -> str:
    """JSON that is safe inside an HTML <script> element: no "<", ">" or "&" left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def add_structured_data(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give ``icjc_jsonld`` to the pages listed in ``icjc_structured_data_pages``."""
    if pagename in app.config.icjc_structured_data_pages:
        members = list(members_domain(app.env).members.values())
        context["icjc_jsonld"] = script_json(organisation(app, members))


def write_members_json(app: Sphinx, exception: Exception | None) -> None:
    """Publish the members data as ``members.json`` next to the pages."""
    if exception is not None or app.builder.format != "html":
        return
    members = members_domain(app.env).members.values()
    payload = {
        "inLanguage": app.config.language,
        "members": [member.as_json() for member in members],
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    target = Path(app.outdir) / MEMBERS_JSON
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")  # the mode of every other output file


class SidebarMembers:
    """Hands ``icjc_sidebar_members``, the rendered list, to every page's templates."""

    template = "icjc/sidebar-members.html"

    def __init__(self) -> None:
        self.html: str | None = None

    def reset(self, app: Sphinx, builder: Builder) -> None:
        self.html = None

    def add_to_context(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        if self.html is None:
            members = tuple(members_domain(app.env).members.values())
            data = {"icjc_members": members, "language": app.config.language}
            self.html = app.builder.templates.render(self.template, data)
        context["icjc_sidebar_members"] = self.html
