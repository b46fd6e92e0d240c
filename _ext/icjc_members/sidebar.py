"""Hand the members to the page templates, for the sidebar list on every page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .domain import members_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def add_members_to_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Expose ``icjc_members``, a tuple of Member, to ``_templates/sidebar/members.html``."""
    context["icjc_members"] = tuple(members_domain(app.env).members.values())
