"""The members reader on its own: the real file, and random input that must never crash it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO, ROOTS, SCHEMA, read_members
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icjc_members import yaml_lines
from icjc_members.loading import MembersFileError, is_safe_url, load_members, quick_schema_error
from icjc_members.model import Member
from jsonschema import Draft202012Validator


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
    assert [m.location for m in members] == [
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


def test_safe_urls():
    assert is_safe_url("https://www.example.org/path?q=1")
    assert is_safe_url("http://example.org")
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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_load_or_raise_our_own_error(document):
    try:
        members = load_text(document)
    except MembersFileError as error:
        assert error.problems
        assert all(problem.line >= 1 and problem.message for problem in error.problems)
    else:
        assert all(isinstance(member, Member) for member in members)


# -- The quick schema check and the explaining one agree ------------------------------

good_text = st.text(min_size=1, max_size=8).filter(str.strip)
good_values = {
    "id": st.from_regex(r"[a-z0-9]{1,5}(-[a-z0-9]{1,3})?", fullmatch=True),
    "name": good_text,
    "city": good_text,
    "country": good_text,
    "region": st.one_of(st.none(), good_text),
    "url": st.sampled_from([None, "https://example.org/"]),
    "lat": st.floats(-90, 90),
    "lon": st.floats(-180, 180),
}
required = ("id", "name", "city", "country")
good_members = st.fixed_dictionaries(
    {key: good_values[key] for key in required},
    optional={key: value for key, value in good_values.items() if key not in required},
)
bad_values = st.one_of(scalars, st.sampled_from(["", " ", "x" * 301, "Bad Id", 200.5, -91]))
one_field_changed = st.tuples(good_members, keys, bad_values).map(
    lambda change: {**change[0], change[1]: change[2]}
)
near_valid_members = st.lists(st.one_of(good_members, one_field_changed), max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.one_of(near_valid_members.map(lambda members: {"members": members}), values))
def test_the_quick_schema_check_agrees_with_jsonschema(data):
    explaining = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    is_valid = not any(explaining.iter_errors(data))
    assert (quick_schema_error(data, SCHEMA) is None) == is_valid


# -- libyaml and PyYAML read files alike ----------------------------------------------

tricky_texts = st.sampled_from(
    [
        (REPO / "members/members.yaml").read_text(encoding="utf-8"),
        "members:\n  - &a {id: x}\n  - *a\n",
        "members:\n\t- id: x\n",
        "members:\n  - id: x\n    id: y\n",
        "members: [\n",
        "a: b: c\n",
        "date: 2024-01-01\nflag: yes\nnum: 1e3\n",
        "? [a, b]\n: c\n",
        "!!python/object:os.system x\n",
        "name: \x07bell\n",
        "---\na: 1\n---\nb: 2\n",
        "a: 'unterminated\n",
        "key: |\n  block\n  text\n",
        "<<: {a: 1}\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(tricky_texts, documents.filter(lambda document: isinstance(document, str))))
def test_libyaml_and_pyyaml_read_files_alike(text):
    fast = yaml_lines.parse(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_lines, "_FAST_LOADER", None)
        slow = yaml_lines.parse(text)
    assert repr(fast) == repr(slow)


def test_libyaml_is_used_when_pyyaml_has_it():
    assert yaml.__with_libyaml__, "PyYAML's wheels include libyaml on this platform"
    assert yaml_lines._FAST_LOADER is not None
