"""Trimming stylesheets to the classes the site uses, and linking the trimmed copies."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

import icjc_lean_assets
import pytest
import tinycss2
from bs4 import BeautifulSoup
from conftest import EXAMPLE_SITE
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


@pytest.mark.parametrize("stylesheet", TRIMMED, ids=lambda stylesheet: stylesheet.name)
def test_the_theme_stylesheets_keep_exactly_the_rules_of_a_full_parse(stylesheet):
    """The same rules as a full tinycss2 parse of the stylesheet would keep."""
    css = stylesheet.source().read_text(encoding="utf-8")
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


# -- Pages link the trimmed copies and lose no rule for their elements ------------------

#: Pseudo-elements and states a static page cannot match: removed before matching, so that
#: ``.a:hover::after`` counts as matching wherever ``.a`` does.
_DYNAMIC = re.compile(
    r"::?(?:before|after|placeholder|marker|selection|first-line|first-letter|backdrop"
    r"|-[-\w]+)|:(?:hover|focus|focus-visible|focus-within|active|visited|target)\b"
)


def css_rules(css: str) -> list[str]:
    """The selector list of every style rule, in @media and @supports blocks too."""
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            found.append(tinycss2.serialize(rule.prelude).strip())
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports"}:
            found += css_rules(tinycss2.serialize(rule.content))
    return found


def matches_page(selector_list: str, page: BeautifulSoup, classes: set[str]) -> bool:
    for selector in selector_list.split(","):
        static = _DYNAMIC.sub("", selector).strip() or "*"
        # A class the page does not have cannot match: skip the slow full match (classes in
        # brackets or parentheses may be alternatives; escaped names are always matched).
        outside = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", static)
        if "\\" not in static and not set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", outside)) <= classes:
            continue
        if page.select_one(static) is not None:
            return True
    return False


@functools.cache
def rules_of(path: Path) -> tuple[str, ...]:
    return tuple(css_rules(path.read_text(encoding="utf-8")))


def lost_rules(outdir: Path, page_path: Path) -> list[str]:
    """Rules of the untrimmed stylesheets that match an element of the page but were cut."""
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    classes = {name for tag in page.find_all(class_=True) for name in tag["class"]}
    lost = []
    for stylesheet in TRIMMED:
        kept = set(css_rules((outdir / "_static" / stylesheet.trimmed_name).read_text("utf-8")))
        lost += [
            rule
            for rule in rules_of(stylesheet.source())
            if rule not in kept and matches_page(rule, page, classes)
        ]
    return lost


def linked_stylesheets(page_path: Path) -> list[str]:
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    return [link["href"].split("?")[0] for link in page.select('link[rel="stylesheet"]')]


def test_the_rule_check_sees_a_lost_rule(tmp_path):
    """The check itself: a trimmed copy without the container rule fails it."""
    (tmp_path / "_static").mkdir()
    for stylesheet in TRIMMED:
        css = stylesheet.source().read_text(encoding="utf-8")
        css = css.replace("[role=main] .container{", "[role=main] .not-container{")
        (tmp_path / "_static" / stylesheet.trimmed_name).write_text(css, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text('<div role="main"><div class="docutils container">x</div></div>')
    assert lost_rules(tmp_path, page) == ["[role=main] .container"]


def test_every_site_page_links_the_trimmed_copies_and_loses_no_rule(site):
    for page_path in sorted(site.outdir.rglob("*.html")):
        linked = [Path(href).name for href in linked_stylesheets(page_path)]
        for stylesheet in TRIMMED:
            assert stylesheet.trimmed_name in linked, page_path
            assert stylesheet.name not in linked, page_path
        for href in linked_stylesheets(page_path):
            # The 404 page links from the site's root path, wherever it is served.
            prefix = urlsplit(EXAMPLE_SITE).path
            folder = site.outdir if href.startswith(prefix) else page_path.parent
            assert (folder / href.removeprefix(prefix)).is_file(), (page_path, href)
        assert lost_rules(site.outdir, page_path) == [], page_path


@pytest.mark.sphinx("html", testroot="lean-assets", freshenv=True)
def test_a_container_keeps_furo_s_container_rule(app, status, warning):
    app.build()
    outdir = Path(app.outdir)
    assert lost_rules(outdir, outdir / "index.html") == []
    furo_css = (outdir / "_static" / "furo-extensions.trimmed.css").read_text(encoding="utf-8")
    assert "[role=main] .container{" in furo_css
    assert "Lean assets" not in status.getvalue()
    assert not warning.getvalue()


@pytest.fixture(params=["missing", "unbalanced"])
def broken_theme_file(request, monkeypatch, tmp_path):
    """Furo's stylesheet for extensions moved away, or not readable as CSS."""
    furo_stylesheet = next(s for s in TRIMMED if s.package == "furo")
    if request.param == "missing":
        path = "theme/furo/static/styles/moved-away.css"
    else:
        broken = tmp_path / "broken.css"
        broken.write_text(".a{color:red}}", encoding="utf-8")
        path = str(broken)  # an absolute path replaces the package's folder
    moved = dataclasses.replace(furo_stylesheet, path_in_package=path)
    stylesheets = tuple(moved if s is furo_stylesheet else s for s in TRIMMED)
    monkeypatch.setattr(icjc_lean_assets, "TRIMMED", stylesheets)
    return furo_stylesheet


@pytest.mark.sphinx("html", testroot="lean-assets", srcdir="lean-assets-broken", freshenv=True)
def test_a_broken_theme_file_is_linked_untrimmed_with_one_note(
    broken_theme_file, app, status, warning
):
    app.build()
    outdir = Path(app.outdir)
    linked = [Path(href).name for href in linked_stylesheets(outdir / "index.html")]
    assert broken_theme_file.name in linked
    assert broken_theme_file.trimmed_name not in linked
    assert not (outdir / "_static" / broken_theme_file.trimmed_name).exists()
    assert "sphinx-design.trimmed.css" in linked  # the readable one is still trimmed
    assert status.getvalue().count("Lean assets: ") == 1
    assert "pages link the untrimmed furo-extensions.css instead" in status.getvalue()
    assert not warning.getvalue()
