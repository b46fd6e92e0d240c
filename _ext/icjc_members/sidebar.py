"""The member list in every page's sidebar, rendered once per build.

The list is the same on every page (its links are absolute), so the template
``icjc/sidebar-members.html`` is rendered once and ``sidebar/members.html`` places the result:
at 200 members and 200 pages, rendering it for each page took a tenth of the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .domain import members_domain
from .failures import guarded

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

LIST_TEMPLATE = "icjc/sidebar-members.html"


class SidebarMembers:
    """Hands ``icjc_sidebar_members``, the rendered list, to every page's templates."""

    def __init__(self) -> None:
        self.html: str | None = None

    def reset(self, app: Sphinx, builder: Builder) -> None:
        self.html = None

    @guarded()
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
            self.html = app.builder.templates.render(LIST_TEMPLATE, data)
        context["icjc_sidebar_members"] = self.html
