"""``make check-translations``: broken markup fails; missing French is a notice, or fails
in the release check (``--strict``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS
from icjc_languages.check import main


def run(name: str, *options: str) -> int:
    root = ROOTS / f"test-translations-{name}"
    return main([*options, "--pot-dir", str(root / "pot"), str(root / "locale/fr/LC_MESSAGES")])


def catalog(name: str, file: str = "index.po") -> Path:
    return ROOTS / f"test-translations-{name}" / "locale/fr/LC_MESSAGES" / file


@pytest.mark.parametrize("strict", [False, True])
def test_a_complete_catalog_passes_in_both_modes(capsys, strict):
    assert run("complete", *(["--strict"] if strict else [])) == 0
    assert "0 error(s), 0 notice(s)" in capsys.readouterr().out


def test_missing_french_is_a_notice_that_does_not_fail(capsys):
    assert run("incomplete") == 0
    out = capsys.readouterr().out
    po = catalog("incomplete")
    assert f"notice: {po}:6: fuzzy" in out
    assert f"notice: {po}:9: not translated yet: 'See [the members]" in out
    assert f"notice: {po}:1: out of date: 1 English text(s) not in the catalog" in out
    assert "ERROR" not in out


def test_the_release_check_fails_on_missing_french(capsys):
    assert run("incomplete", "--strict") == 1
    assert "3 error(s), 0 notice(s)" in capsys.readouterr().out


def test_broken_markup_fails_even_outside_the_release_check(capsys):
    assert run("broken") == 1
    out = capsys.readouterr().out
    po, code = catalog("broken"), catalog("broken", "icjc.po")
    assert f"ERROR: {po}:5: the translation's markup differs from the English (lost: strong)" in out
    assert (
        f"ERROR: {po}:8: the translation's markup differs from the English (lost: link "
        "href=members/index.md#where, role {member}`aidp`; added: link href=members/index.md)"
    ) in out
    assert f"ERROR: {code}:5: the translation's markup differs from the English " in out
    assert "lost: placeholder {name}; added: placeholder {nom}" in out


def test_language_tags_may_be_added_to_a_translation(capsys):
    """English names in French text get [Name]{.language-en}: that is not broken markup."""
    assert "{.language-en}" in catalog("complete").read_text(encoding="utf-8")
    assert run("complete") == 0


def test_github_shows_notices_and_errors_next_to_the_file(capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run("incomplete")
    assert f"::notice file={catalog('incomplete')},line=6::fuzzy" in capsys.readouterr().out
    run("broken")
    assert f"::error file={catalog('broken')},line=5::" in capsys.readouterr().out


def test_the_site_catalogs_have_no_broken_markup(capsys):
    """The real catalogs: markup errors only (missing French is allowed, see CONTRIBUTING)."""
    locale = Path(__file__).resolve().parent.parent / "locale"
    assert main([str(folder) for folder in sorted(locale.glob("*/LC_MESSAGES"))]) == 0
