""" "Edit the member list": on the pages built from the members file, when the repository
address is known, built from the same theme options as Furo's "Edit this page"."""

from __future__ import annotations

REPOSITORY = "https://github.com/example/site"


def theme_options(**options: str) -> dict:
    return {"html_theme_options": {"source_branch": "main", "source_directory": "", **options}}


def data_links(built, docname):
    return [
        (a["href"], a.get_text(strip=True)) for a in built.page(docname).select(".icjc-edit-data a")
    ]


def test_pages_fed_by_the_members_file_link_to_it_in_github_s_editor(build_root):
    built = build_root("members-basic", **theme_options(source_repository=f"{REPOSITORY}/"))
    editor = f"{REPOSITORY}/edit/main/members/members.yaml"
    assert data_links(built, "members/index") == [(editor, "Edit the member list")]
    assert data_links(built, "other") == []
    page_edit = built.page("members/index").select_one('a[rel="edit"]')["href"]
    assert page_edit == f"{REPOSITORY}/edit/main/members/index.md"


def test_the_branch_and_folder_are_furo_s_own(build_root):
    options = theme_options(source_repository=REPOSITORY, source_branch="live")
    options["html_theme_options"]["source_directory"] = "site/"
    built = build_root("members-basic", **options)
    assert data_links(built, "members/index") == [
        (f"{REPOSITORY}/edit/live/site/members/members.yaml", "Edit the member list")
    ]


def test_no_repository_address_no_link(build_root):
    built = build_root("members-basic")
    assert data_links(built, "members/index") == []
    assert not built.page("members/index").select('a[rel="edit"]')


def test_only_github_has_an_editor_link(build_root):
    built = build_root(
        "members-basic", **theme_options(source_repository="https://gitlab.com/x/y/")
    )
    assert data_links(built, "members/index") == []
