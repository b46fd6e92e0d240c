"""CONTRIBUTING.md's recipes, applied to a copy of the site the way a contributor would.

Each recipe edits only the Markdown and YAML files CONTRIBUTING names, with the lines it
shows; ``test_contributor_edits.py`` checks that CONTRIBUTING still shows those lines.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The sentence added to about.md.
NEW_SENTENCE = "Members meet once a year to plan the next year's activities."
NEW_WEBSITE = "https://www.example.org/"
#: A member in a city no member is in yet (test data, in the copy only).
NEW_MEMBER = """
  - id: example-lawyers
    name: Example Lawyers' Association
    city: Nairobi
    country: Kenya
    url:
    lat: -1.2921
    lon: 36.8219
"""
TOP_LEVEL_PAGE = ("events", "Events", "Events <events>")
FOLDER_PAGES = {"resources/index": "Resources", "resources/guide": "A guide to the Consortium"}
FOLDER_TOCTREE_LINE = "Resources <resources/index>"


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
    members.write_text(text.rstrip("\n") + "\n" + NEW_MEMBER, encoding="utf-8")


def add_a_top_level_page(srcdir: Path) -> None:
    name, title, line = TOP_LEVEL_PAGE
    (srcdir / f"{name}.md").write_text(
        f"# {title}\n\nThe Consortium's coming events will be listed here.\n", encoding="utf-8"
    )
    add_to_toctree(srcdir / "index.md", line)


def add_a_page_in_a_folder(srcdir: Path) -> None:
    (srcdir / "resources").mkdir()
    (srcdir / "resources" / "index.md").write_text(
        "# Resources\n\nReading about international criminal justice.\n\n"
        "```{toctree}\nguide\n```\n",
        encoding="utf-8",
    )
    (srcdir / "resources" / "guide.md").write_text(
        f"# {FOLDER_PAGES['resources/guide']}\n\nHow the Consortium works.\n", encoding="utf-8"
    )
    add_to_toctree(srcdir / "index.md", FOLDER_TOCTREE_LINE)


RECIPES = (
    edit_a_sentence,
    add_a_website,
    add_a_member_in_a_new_city,
    add_a_top_level_page,
    add_a_page_in_a_folder,
)
NEW_PAGES = (TOP_LEVEL_PAGE[0], *FOLDER_PAGES)
