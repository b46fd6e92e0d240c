"""CONTRIBUTING.md's recipes, applied to a copy of the site the way a contributor would.

Each recipe edits only the Markdown and YAML files CONTRIBUTING names, with the lines it
shows; ``test_contributor_edits.py`` checks that CONTRIBUTING still shows those lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, read_members


def unused(stem: str) -> str:
    """``stem``, or ``stem-2``, ``stem-3``...: a page name the site does not use yet, so that
    the recipes also apply once the consortium has a page of that name."""
    names = (stem, *(f"{stem}-{number}" for number in range(2, 100)))
    return next(n for n in names if not (REPO / f"{n}.md").exists() and not (REPO / n).exists())


#: The sentence added to about.md.
NEW_SENTENCE = "Members meet once a year to plan the next year's activities."
NEW_WEBSITE = "https://www.example.org/"
#: A member in a city no member is in yet (test data, in the copy only).
NEW_MEMBER = """
  - id: example-lawyers
    name: Example Lawyers' Association
    city: Nairobi
    country: KE
    url:
    lat: -1.2921
    lon: 36.8219
"""


def unused_member(srcdir: Path) -> str:
    """``NEW_MEMBER``, or with ``-2``, ``-3``... after its id and `` 2``, `` 3``... after its
    name: a member the file does not list yet, so that the recipe also applies once the
    consortium has copied CONTRIBUTING's example."""
    members = read_members(srcdir)
    taken = {str(member[key]).casefold() for member in members for key in ("id", "name")}
    for number in range(1, 100):
        suffix = "" if number == 1 else str(number)
        member = NEW_MEMBER.replace("lawyers\n", f"lawyers{'-' * bool(suffix)}{suffix}\n")
        member = member.replace("Association\n", f"Association{' ' * bool(suffix)}{suffix}\n")
        given = re.findall(r"^\s+-? ?(?:id|name): (.+)$", member, re.M)
        if not taken & {value.casefold() for value in given}:
            return member
    raise AssertionError("no free id for the new member")


#: The lines CONTRIBUTING shows for a new page and a new folder.
TOP_LEVEL_TOCTREE_LINE = "Events <events>"
FOLDER_TOCTREE_LINE = "Resources <resources/index>"
#: The names the recipes use in the copy: CONTRIBUTING's, unless the site already has them.
EVENTS = unused("events")
RESOURCES = unused("resources")
TOP_LEVEL_PAGE = (EVENTS, "Events", f"Events <{EVENTS}>")
FOLDER_PAGES = {
    f"{RESOURCES}/index": "Resources",
    f"{RESOURCES}/guide": "A guide to the Consortium",
}


def add_to_toctree(page: Path, line: str) -> None:
    """Add ``line`` at the end of the page's ``{toctree}`` block, as CONTRIBUTING says."""
    text = page.read_text(encoding="utf-8")
    block = re.search(r"```\{toctree\}\n.*?\n(?=```)", text, re.S)
    assert block, f"no {{toctree}} block in {page}"
    page.write_text(text[: block.end()] + line + "\n" + text[block.end() :], encoding="utf-8")


def edit_a_sentence(srcdir: Path) -> None:
    about = srcdir / "about.md"
    text = about.read_text(encoding="utf-8").rstrip("\n")
    about.write_text(f"{text} {NEW_SENTENCE}\n", encoding="utf-8")


def add_a_website(srcdir: Path) -> None:
    members = srcdir / "members" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    assert "    url:\n" in text, "every member already has a website"
    members.write_text(text.replace("    url:\n", f"    url: {NEW_WEBSITE}\n", 1), "utf-8")


def add_a_member_in_a_new_city(srcdir: Path) -> None:
    members = srcdir / "members" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.rstrip("\n") + "\n" + unused_member(srcdir), encoding="utf-8")


def add_a_top_level_page(srcdir: Path) -> None:
    name, title, line = TOP_LEVEL_PAGE
    (srcdir / f"{name}.md").write_text(
        f"# {title}\n\nThe Consortium's coming events will be listed here.\n", encoding="utf-8"
    )
    add_to_toctree(srcdir / "index.md", line)


def add_a_page_in_a_folder(srcdir: Path) -> None:
    folder = srcdir / RESOURCES
    folder.mkdir()
    (folder / "index.md").write_text(
        "# Resources\n\nReading about international criminal justice.\n\n"
        "```{toctree}\nguide\n```\n",
        encoding="utf-8",
    )
    (folder / "guide.md").write_text(
        f"# {FOLDER_PAGES[f'{RESOURCES}/guide']}\n\nHow the Consortium works.\n", encoding="utf-8"
    )
    add_to_toctree(srcdir / "index.md", f"Resources <{RESOURCES}/index>")


# The new member comes before the website, so that a member without one exists even once
# every real member has a website.
RECIPES = (
    edit_a_sentence,
    add_a_member_in_a_new_city,
    add_a_website,
    add_a_top_level_page,
    add_a_page_in_a_folder,
)
NEW_PAGES = (TOP_LEVEL_PAGE[0], *FOLDER_PAGES)
