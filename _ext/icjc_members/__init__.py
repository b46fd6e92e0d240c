"""ICJC members from ``members/members.yaml``: member cards, the sidebar list and links.

The Sphinx parts are imported inside ``setup`` so that ``python -m icjc_members`` (the
quick check contributors run) loads only the YAML reader and the schema validator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from .build import load_members_or_stop, record_members_digest
    from .cards import MemberCardsDirective
    from .domain import MemberRole, MembersDomain
    from .map_directive import MemberMapDirective
    from .publishing import add_structured_data, write_members_json
    from .sidebar import SidebarMembers

    app.add_config_value("icjc_members_file", "members/members.yaml", "env", types=frozenset({str}))
    app.add_config_value(
        "icjc_members_schema", "members/members.schema.json", "env", types=frozenset({str})
    )
    app.add_config_value(
        "icjc_structured_data_pages", ["index", "members/index"], "html", types=frozenset({list})
    )
    # Set from the file's contents on every run; "html" rewrites every page's sidebar.
    app.add_config_value("icjc_members_digest", "", "html", types=frozenset({str}))

    app.add_domain(MembersDomain)
    app.add_role("member", MemberRole())
    app.add_directive("member-cards", MemberCardsDirective)
    app.add_directive("member-map", MemberMapDirective)
    app.connect("config-inited", record_members_digest)
    app.connect("builder-inited", load_members_or_stop)
    sidebar = SidebarMembers()
    app.connect("write-started", sidebar.reset)
    app.connect("html-page-context", sidebar.add_to_context)
    app.connect("html-page-context", add_structured_data)
    app.connect("build-finished", write_members_json)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
