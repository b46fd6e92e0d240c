"""Edit links that reach the data: "Edit the member list" on the pages built from it.

Furo's "Edit this page" opens the page's Markdown file; on the members page that file
holds no member data. Each page that a data file feeds (a directive declared the file as
a dependency, as the member cards do) also offers a link to that file in GitHub's editor,
built from the settings Furo builds its own edit links from: ``source_repository``,
``source_branch`` and ``source_directory`` in ``html_theme_options``. Without a repository
address (a local build), there is no link, as there is no "Edit this page".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from icjc_languages.catalog import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"
GITHUB = "https://github.com/"


def github_edit_url(context: dict[str, Any], filename: str) -> str | None:
    """The GitHub editor's address for ``filename``, as Furo would build it; else None."""
    repository = str(context.get("theme_source_repository") or "").rstrip("/")
    branch = context.get("theme_source_branch")
    if not (repository.startswith(GITHUB) and branch):
        return None
    directory = str(context.get("theme_source_directory") or "").strip("/")
    path = f"{directory}/{filename}" if directory else filename
    return f"{repository}/edit/{branch}/{path}"


def add_data_edit_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Put ``icjc_data_edit_links`` (label, address) in the context of pages fed by data."""
    used = {Path(path) for path in app.env.dependencies.get(pagename, ())}
    links = []
    for filename, label in app.config.icjc_data_edit_links.items():
        url = github_edit_url(context, filename) if app.srcdir / filename in used else None
        if url:
            links.append({"label": str(_(label)), "url": url})  # in the build's language
    context["icjc_data_edit_links"] = links


#: Marks the default label below for `make translations` (icjc.po); each page looks its
#: labels up in the build's language.
_("Edit the member list")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(
        "icjc_data_edit_links",
        {"members/members.yaml": "Edit the member list"},
        "html",
        types=frozenset({dict}),
    )
    app.connect("html-page-context", add_data_edit_links)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
