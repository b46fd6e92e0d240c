"""Machine-readable members: JSON-LD on chosen pages, and ``members.json`` in the site."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain import members_domain
from .failures import guarded
from .model import Member

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

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
        "inLanguage": config.language,
        "member": [_member(member) for member in members],
    }
    if config.html_baseurl:
        data["url"] = config.html_baseurl
    return data


def _member(member: Member) -> dict[str, Any]:
    address = {"@type": "PostalAddress", "addressLocality": member.city}
    if member.region:
        address["addressRegion"] = member.region
    address["addressCountry"] = member.country
    entry: dict[str, Any] = {"@type": "Organization", "name": member.name, "address": address}
    if member.url:
        entry["url"] = member.url
    return entry


def script_json(data: object) -> str:
    """JSON that is safe inside an HTML <script> element: no "<", ">" or "&" left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@guarded()
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


@guarded()
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
        write_atomically(target, text)


def write_atomically(target: Path, text: str) -> None:
    """Write to a temporary file beside ``target``, then rename it over ``target``.

    Readers, and the next build, see the old file or the new one, never a part of either.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
