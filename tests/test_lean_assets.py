"""Trimming stylesheets to the classes the site uses."""

from __future__ import annotations

import re

import pytest
import tinycss2
from icjc_lean_assets import TRIMMED, selector_classes, trim_stylesheet


def test_keeps_rules_whose_selectors_only_use_known_classes():
    css = ".a{color:red}.b{color:blue}.a .b,.c{margin:0}.a.c{padding:0}div{top:0}"
    assert (
        trim_stylesheet(css, {"a", "b"})
        == ".a{color:red}.b{color:blue}.a .b,.c{margin:0}div{top:0}"
    )


def test_keeps_media_blocks_only_around_kept_rules():
    css = "@media (min-width:1px){.a{x:1}.b{x:2}}@media print{.b{x:3}}@keyframes spin{to{y:1}}"
    assert trim_stylesheet(css, {"a"}) == "@media (min-width:1px){.a{x:1}}@keyframes spin{to{y:1}}"


def test_braces_in_strings_comments_and_escapes_do_not_split_rules():
    css = (
        '@charset "utf-8";/* .b{ */.a::before{content:"}{"}'
        ".b{content:'{'}.x\\{y{top:0}.a[title=\"a;b\"]{left:0}"
    )
    assert trim_stylesheet(css, {"a"}) == (
        '@charset "utf-8";.a::before{content:"}{"}.a[title="a;b"]{left:0}'
    )


def test_classes_inside_not_do_not_have_to_be_used():
    assert trim_stylesheet(".a:not(.b){x:1}", {"a"}) == ".a:not(.b){x:1}"


@pytest.mark.parametrize("name", TRIMMED)
def test_the_theme_stylesheets_keep_exactly_the_rules_of_a_full_parse(name):
    """The same rules as a full tinycss2 parse of the stylesheet would keep."""
    source, _, _ = TRIMMED[name]
    css = source.read_text(encoding="utf-8")
    used = set(sorted(set(re.findall(r"\.([a-zA-Z_][\w-]*)", css)))[::3])

    def selectors(stylesheet: str) -> list[str]:
        rules = tinycss2.parse_stylesheet(stylesheet, skip_comments=True, skip_whitespace=True)
        found = []
        for rule in rules:
            found.append(tinycss2.serialize(rule.prelude).strip())
            if rule.type == "at-rule" and rule.lower_at_keyword == "media":
                found += selectors(tinycss2.serialize(rule.content))
        return found

    trimmed = trim_stylesheet(css, used)
    assert 0 < len(trimmed) < len(css)
    expected = [s for s in selectors(css) if _kept(s, used)]
    assert [s for s in selectors(trimmed) if not s.startswith("@")] == [
        s for s in expected if not s.startswith("@")
    ]


def _kept(selector_list: str, used: set[str]) -> bool:
    """Independent reading of the rule: some selector's classes (outside brackets) all used."""
    for selector in selector_list.split(","):
        outside = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", selector)
        if set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", outside)) <= used:
            return True
    return False


@pytest.mark.parametrize(
    ("prelude", "classes"),
    [
        (".a:hover, .b .c>.d", [{"a"}, {"b", "c", "d"}]),
        ("div.a.b,p", [{"a", "b"}, set()]),
        (".a:not(.b), .c", [{"a"}, {"c"}]),  # parentheses: tokenized
        ('.a[title=".b,.c"]', [{"a"}]),  # quotes and brackets: tokenized
        (".é-x", [{"é-x"}]),
    ],
)
def test_selector_classes(prelude, classes):
    assert list(selector_classes(prelude)) == classes
