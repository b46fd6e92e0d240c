"""The real site: its pages, their text, navigation, links and page furniture.

Every expectation comes from the sources (the Markdown pages, the toctree and
members/members.yaml), and each test runs on the site as it is and on a copy edited with
CONTRIBUTING's recipes (``each_site``), so a contributor's edit cannot turn them red.
"""

from __future__ import annotations

import pickle
import re
import runpy
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from conftest import EXAMPLE_REPOSITORY, REPO, html_pages, soup
from sphinx.util.tags import Tags

#: Docutils' smart quotes, back to the straight ones typed in the Markdown.
STRAIGHT_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")

#: The site's settings, as conf.py sets them.
CONFIG = runpy.run_path(str(REPO / "conf.py"), init_globals={"tags": Tags()})


def normalise(text: str) -> str:
    return " ".join(text.replace("¶", "").translate(STRAIGHT_QUOTES).split())


def front_matter_and_body(markdown: str) -> tuple[dict, str]:
    found = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    if not found:
        return {}, markdown
    return yaml.safe_load(found.group(1)) or {}, markdown[found.end() :]


def site_environment(site):
    """The build environment Sphinx saved: documents, titles and toctrees as it read them."""
    with (site.outdir.parent / "doctrees" / "environment.pickle").open("rb") as stream:
        return pickle.load(stream)


def toctree_order(env, docname: str) -> list[str]:
    """Every page below ``docname`` in the toctree, in the order the navigation shows them."""
    order = []
    for child in env.toctree_includes.get(docname, []):
        order += [child, *toctree_order(env, child)]
    return order


def sidebar_targets(site, html_path: str) -> list[str]:
    """The pages the navigation of one page links to, as paths in the output folder."""
    page_uri = (site.outdir / html_path).as_uri()
    targets = []
    for link in soup(site.outdir / html_path).select(".sidebar-tree a.reference"):
        href = link["href"]  # the 404 page's links start at the site's root
        href = (site.outdir / href.lstrip("/")).as_uri() if href.startswith("/") else href
        target = urljoin(page_uri, href).split("#")[0]
        targets.append(str(Path(urlsplit(target).path).relative_to(site.outdir)))
    return targets


def test_every_page_links_to_every_other_page_in_toctree_order(each_site):
    env = site_environment(each_site)
    root = env.config.root_doc
    expected = [f"{name}.html" for name in toctree_order(env, root)]
    assert sorted([f"{root}.html", *expected]) == sorted(f"{p}.html" for p in each_site.pages)
    for html_path in html_pages(each_site.srcdir):
        assert sidebar_targets(each_site, html_path) == expected, html_path


def test_every_internal_link_reaches_a_page_and_its_anchor(each_site):
    outdir = each_site.outdir
    for html_path in html_pages(each_site.srcdir):
        page_uri = (outdir / html_path).as_uri()
        # The language switch (hreflang) leads to the other language's build, checked with
        # both languages side by side in test_languages.py.
        for link in soup(outdir / html_path).select("a[href]:not([hreflang])"):
            target = urlsplit(urljoin(page_uri, link["href"]))
            if target.scheme != "file" or html_path == "404.html":
                continue
            path = Path(target.path)
            assert path.is_file(), f"{html_path}: {link['href']}"
            if target.fragment and path.suffix == ".html":
                ids = {tag["id"] for tag in soup(path).select("[id]")}
                assert target.fragment in ids, f"{html_path}: {link['href']}"


def test_each_page_has_one_description_its_own_when_it_sets_one(each_site):
    for name in each_site.pages:
        markdown = (each_site.srcdir / f"{name}.md").read_text(encoding="utf-8")
        meta = front_matter_and_body(markdown)[0].get("myst", {}).get("html_meta", {})
        found = each_site.page(name).select('meta[name="description"]')
        assert len(found) == 1, name
        if "description" in meta:
            assert found[0]["content"] == meta["description"], name
        assert 50 < len(found[0]["content"]) <= 300, name
        assert each_site.page(name).select_one("title").get_text().strip()
    for name in ("search", "genindex"):
        assert len(each_site.page(name).select('meta[name="description"]')) == 1


def test_the_logo_beside_the_site_s_name_is_left_to_the_name(each_site):
    """A screen reader reads the name once, not "Logo" before it."""
    for name in each_site.pages:
        brand = each_site.page(name).select_one(".sidebar-brand")
        assert brand.select_one("img.sidebar-logo")["alt"] == ""
        assert normalise(brand.get_text()) == CONFIG["project"]


def test_titles_name_the_page_then_the_site_s_short_name(each_site):
    for name in each_site.pages:
        title = each_site.page(name).title.string
        heading = normalise(each_site.page(name).select_one("article h1").get_text())
        heading = heading.removesuffix("#").strip()  # the heading's link mark
        if name == CONFIG.get("root_doc", "index"):
            assert title == CONFIG["project"]
        else:
            assert title == f"{heading} \N{EN DASH} {CONFIG['html_short_title']}"


def test_footer_speaks_for_the_consortium(each_site):
    for name in each_site.pages:
        footer = each_site.page(name).select_one("footer")
        text = normalise(footer.get_text(" "))
        assert "International Criminal Justice Consortium (ICJC)" in text
        assert "Made with" not in text
        assert "Furo" not in text


def test_edit_this_page_points_at_the_source_on_main(each_site):
    for name in each_site.pages:
        link = each_site.page(name).select_one('a[rel="edit"]')
        assert link["href"] == f"{EXAMPLE_REPOSITORY}/edit/main/{name}.md"


def test_pages_built_from_the_member_list_link_to_it_in_the_editor(each_site):
    for name in each_site.pages:
        markdown = (each_site.srcdir / f"{name}.md").read_text(encoding="utf-8")
        data = front_matter_and_body(markdown)[0].get("edit-data")
        links = each_site.page(name).select(".icjc-edit-data a")
        assert [(a["href"], normalise(a.get_text())) for a in links] == (
            [(f"{EXAMPLE_REPOSITORY}/edit/main/{data}", "Edit the member list")] if data else []
        ), name
        if re.search(r"\{member-cards\}", markdown):
            assert data == "members/members.yaml", f"{name}.md: add `edit-data` to its front matter"


def location(member: dict) -> str:
    return ", ".join(member[key] for key in ("city", "region", "country") if member.get(key))


def test_the_members_page_has_a_card_for_each_member_in_file_order(each_site):
    cards = each_site.page("members/index").select(".icjc-member-card")
    members = each_site.members
    assert [card.select_one(".icjc-member-name").get_text() for card in cards] == [
        member["name"] for member in members
    ]
    assert [card.select_one(".icjc-member-location").get_text() for card in cards] == [
        location(member) for member in members
    ]
    for card, member in zip(cards, members, strict=True):
        assert [a["href"] for a in card.select("a")] == ([member["url"]] if member["url"] else [])


def test_every_page_lists_every_member_in_its_sidebar(each_site):
    names = [member["name"] for member in each_site.members]
    for html_path in html_pages(each_site.srcdir):
        sidebar = soup(each_site.outdir / html_path).select(".sidebar-member-name")
        assert [name.get_text() for name in sidebar] == names, html_path
