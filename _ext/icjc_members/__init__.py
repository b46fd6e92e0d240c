"""ICJC members from ``members/members.yaml``: member cards, the map, the sidebar list, links.

Layers, each importing only the ones above it: the data (``model``), reading and checking
it (``loading`` and its passes), then the build (``check_before_build``, ``domain``) and
rendering (``cards``, ``map_directive``, ``sidebar``, ``publishing``). The Sphinx parts are
imported inside ``setup``, so that ``python -m icjc_members`` (the quick check
contributors run) loads only the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from .anchors import keep_anchors_unique, place_anchors
    from .cards import MemberCardsDirective
    from .check_before_build import MembersAtStart
    from .domain import MemberRole, MembersDomain
    from .failures import FailureWatcher
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
    # Set from the members data on every run; "html" rewrites every page's sidebar.
    app.add_config_value("icjc_members_digest", "", "html", types=frozenset({str}))

    FailureWatcher.install(app)
    app.add_domain(MembersDomain)
    app.add_role("member", MemberRole())
    app.add_directive("member-cards", MemberCardsDirective)
    app.add_directive("member-map", MemberMapDirective)
    members = MembersAtStart()
    app.connect("config-inited", members.load_or_stop)
    app.connect("builder-inited", members.hand_to_environment)
    app.connect("env-get-outdated", members.pages_to_reread)
    app.connect("env-updated", members.pages_to_rewrite)
    app.connect("doctree-read", keep_anchors_unique)
    app.connect("doctree-resolved", place_anchors)
    sidebar = SidebarMembers()
    app.connect("write-started", sidebar.reset)
    app.connect("html-page-context", sidebar.add_to_context)
    app.connect("html-page-context", add_structured_data)
    app.connect("build-finished", write_members_json)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
