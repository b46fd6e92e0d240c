"""The members reader on its own: the real file, and random input that must never crash it
or slip a misleading character through."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml
from conftest import REPO, ROOTS, SCHEMA, read_members
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icjc.members.__main__ import format_error
from icjc.members.loading import Member, MembersFileError, load_members
from icjc.members.rules import url_problem
from icjc.members.text_policy import PROTOTYPES, forbidden_in_value
from jsonschema import Draft202012Validator
from tools.confusables import prototypes


def load_text(text: str | bytes) -> tuple[Member, ...]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return load_members(path, SCHEMA, Path(folder))


def test_the_reader_gives_every_member_of_the_file_in_order():
    members = load_members(REPO / "members/members.yaml", SCHEMA, REPO)
    entries = read_members()
    assert [(m.id, m.name, m.url) for m in members] == [
        (entry["id"], entry["name"], entry.get("url")) for entry in entries
    ]
    assert [m.address for m in members] == [
        ", ".join(entry[key] for key in ("city", "region", "country") if entry.get(key))
        for entry in entries
    ]
    assert len({m.id for m in members}) == len(entries)


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_the_yaml_names_its_schema_for_editors():
    first_line = (REPO / "members/members.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=members.schema.json"


def test_adding_a_url_is_a_one_line_change():
    # A small file with a member still without a website: the real one may have none left.
    text = (ROOTS / "test-members-basic/members/members.yaml").read_text(encoding="utf-8")
    edited = text.replace("    url:\n", "    url: https://www.example.org/\n", 1)
    assert sum(a != b for a, b in zip(text.splitlines(), edited.splitlines(), strict=True)) == 1
    before, after = load_text(text), load_text(edited)
    changed = [(b.id, a.url) for b, a in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][1] == "https://www.example.org/"


def is_safe_url(url):
    return url_problem(url, REPO) is None


def test_safe_urls():
    assert is_safe_url("https://www.example.org/path?q=1")
    assert is_safe_url("http://example.org")
    assert is_safe_url("https://例え.jp/")
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "/relative",
        "example.org",
        "https://",
        "https://exa mple.org",
        "ftp://example.org",
        "https://x:port/",
        "vbscript:x",
        "https://example.org/\nx",
        "https://user@example.org/",
        "https://example.org\\@evil.org/",
        'https://example.org/"onmouseover=x',
        "https://example.org/<x>",
    ):
        assert not is_safe_url(bad), bad


# -- Random input ---------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["https://example.org/", "javascript:x", "", "USA", "2024-99-99"]),
)
keys = st.sampled_from(
    [
        "id",
        "name",
        "city",
        "country",
        "region",
        "url",
        "logo",
        "description",
        "lat",
        "lon",
        "contry",
        "members",
    ]
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=12,
)
documents = st.one_of(
    values.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    st.lists(st.dictionaries(keys, values, max_size=8), max_size=4).map(
        lambda members: yaml.safe_dump({"members": members}, allow_unicode=True)
    ),
    st.text(max_size=200),
    st.binary(max_size=100),
)


def check_outcome(text: str | bytes) -> None:
    """Load ``text``: members that obey the text policy, or located one-line messages."""
    line_count = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    line_count = line_count.count(b"\n") + 1
    try:
        members = load_text(text)
    except MembersFileError as error:
        assert error.problems
        for problem in error.problems:
            assert 1 <= problem.line <= line_count, problem
            printed = format_error("members/members.yaml", problem)
            assert printed.isprintable(), printed
    else:
        assert all(isinstance(member, Member) for member in members)
        for member in members:
            for value in (member.name, member.city, member.country, member.region, member.url):
                assert value is None or not any(
                    forbidden_in_value(ch, multiline=False) for ch in value
                ), member


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_no_document_crashes_the_reader_and_every_failure_is_located(document):
    check_outcome(document)


GOOD_FILE = (REPO / "members/members.yaml").read_text(encoding="utf-8")
#: Characters a careless paste or a hostile edit brings: controls, bidi, quotes, YAML syntax.
troublemakers = (
    st.sampled_from(
        list("\x00\x1b\t\r\n\u00a0\u200b\u202e\u2066\u2028\ufeff\ud800\ufffe“”'\"\\:-#&*!|>[]{}%@`")
    )
    | st.characters()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(GOOD_FILE)), st.integers(0, 3), troublemakers),
        min_size=1,
        max_size=4,
    )
)
def test_edits_of_the_real_file_never_crash_the_reader(edits):
    """Insert, replace or delete characters anywhere in the real file."""
    text = GOOD_FILE
    for position, length, character in edits:
        position = min(position, len(text))
        text = text[:position] + character + text[position + length :]
    check_outcome(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=2, max_size=2))
def test_quoted_values_cannot_forge_lines(values):
    """Whatever a double-quoted value holds, each problem stays on one printable line."""
    escaped = [json.dumps(value) for value in values]
    text = (
        f"members:\n  - id: a\n    name: {escaped[0]}\n    city: {escaped[1]}\n"
        "    country: X\n    url: javascript:x\n"
    )
    check_outcome(text)


def test_one_space_more_or_less_on_any_line_is_reported_on_that_line_only(tmp_path):
    """A field pushed one space right or left, anywhere in the real file: one message, on
    the line that moved, and never advice about the valid lines around it."""
    lines = GOOD_FILE.split("\n")
    good = load_members(REPO / "members/members.yaml", SCHEMA, REPO)
    site = tmp_path / "site"
    (site / "_static").mkdir(parents=True)
    for logo in {line.split(":", 1)[1].strip() for line in lines if "logo:" in line}:
        (site / logo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / logo, site / logo)
    path = site / "members.yaml"
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for edited in (" " + line, line[1:] if line.startswith(" ") else None):
            if edited is None:
                continue
            path.write_text("\n".join([*lines[: number - 1], edited, *lines[number:]]))
            try:  # valid YAML still (``members:`` one space right): the same members
                shifted = load_members(path, SCHEMA, site)
            except MembersFileError as error:
                assert [problem.line for problem in error.problems] == [number], (edited, error)
            else:
                assert [replace(m, line=0) for m in shifted] == [replace(m, line=0) for m in good]


def test_the_stored_look_alike_table_is_drawn_from_unicode_confusables():
    stored = json.loads(PROTOTYPES.read_text(encoding="utf-8"))
    assert stored == prototypes(), "run: .venv/bin/python tests/tools/confusables.py"
    assert stored["\u0430"] == "a"  # Cyrillic a


def test_every_country_code_of_the_schema_has_a_name_in_each_language_of_the_site():
    """The site writes a country's name from its code with Babel (CLDR): each code the
    schema allows is a territory of two capital letters that CLDR names in each language."""
    from babel import Locale

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    listed = schema["$defs"]["member"]["properties"]["country"]["enum"]
    languages = ["en", *(folder.name for folder in (REPO / "locale").iterdir())]
    for language in languages:
        territories = Locale.parse(language).territories
        assert all(re.fullmatch("[A-Z]{2}", code) and code in territories for code in listed)
    assert not {"EU", "EZ", "UN", "ZZ"} & set(listed)  # groups and "unknown" are not countries
