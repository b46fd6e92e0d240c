"""ICJC members from ``members/members.yaml``: member cards, the map, the sidebar list.

Volunteers keep the members in one YAML file; this extension checks it before the build
(a mistake is one located sentence, and the last good site stays) and draws every page's
member content from it. Reading and checking (``loading`` and its passes) is apart from
the build (``build``) and rendering (``cards``, ``member_map``, ``publishing``). The Sphinx
parts are imported inside ``setup``, so that ``python -m icjc_members`` (the quick check
contributors run) loads only the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "2.0.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from .build import MembersAtStart, MembersDomain, place_anchors
    from .cards import MemberCardsDirective
    from .member_map import MemberMapDirective
    from .publishing import SidebarMembers, add_structured_data, write_members_json

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
    members = MembersAtStart()
    app.connect("config-inited", members.load_or_stop)
    app.connect("builder-inited", members.hand_to_environment)
    app.connect("env-get-outdated", members.pages_to_reread)
    app.connect("env-updated", members.pages_to_rewrite)
    app.connect("doctree-read", place_anchors)
    sidebar = SidebarMembers()
    app.connect("write-started", sidebar.reset)
    app.connect("html-page-context", sidebar.add_to_context)
    app.connect("html-page-context", add_structured_data)
    app.connect("build-finished", write_members_json)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
