"""The members reader on the corpus of broken files: one located message each, nothing else."""

from __future__ import annotations

import errno
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SCHEMA, matched
from icjc.members.__main__ import format_error
from icjc.members.loading import MembersFileError, load_members
from members_corpus import CASES, VALID, Case, member


def load_case(case: Case, root):
    (root / "_static").mkdir()
    (root / "_static" / "notes.txt").write_text("notes", encoding="utf-8")
    path = root / "members.yaml"
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    elif case.text is not None:
        path.write_text(case.text, encoding="utf-8", newline="")
    if case.setup:
        case.setup(root)
    schema = SCHEMA
    if (root / "members.schema.json").exists() or (root / "members.schema.json").is_symlink():
        schema = root / "members.schema.json"
    if case.schema is not None:
        schema = root / "members.schema.json"
        schema.write_text(case.schema, encoding="utf-8")
    return load_members(path, schema, root)


@pytest.mark.parametrize("case", CASES, ids=[f"{case.category}-{case.name}" for case in CASES])
def test_each_mistake_is_reported_once_on_its_line(case, tmp_path, monkeypatch):
    if case.name == "unreadable" and os.geteuid() == 0:
        # Root reads a file whatever its mode: refuse the read as the system would.
        def refuse(self):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

        monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(MembersFileError) as raised:
        load_case(case, tmp_path)
    problems = raised.value.problems
    assert [(problem.line, case.message in problem.message) for problem in problems] == [
        (case.line, True)
    ], problems
    line = format_error("members/members.yaml", problems[0])
    assert line.isprintable(), line


def test_the_corpus_covers_every_category():
    sizes = Counter(case.category for case in CASES)
    assert set(sizes) == {"files", "text", "crash", "layout", "silent", "schema"}
    assert min(sizes.values()) >= 8, sizes


def test_a_message_is_one_line_that_github_shows_on_its_file():
    from icjc.safety import Problem

    problem = Problem(3, "wrong\n::error file=x.md,line=1::forged", file="a.yaml")
    line = format_error("members/members.yaml", problem)
    assert "\n" not in line
    assert matched(line)[:3] == ("error", "a.yaml", 3)


def test_contributing_explains_messages_the_reader_really_gives(tmp_path_factory):
    """Each message listed in CONTRIBUTING.md is one that some corpus case produces."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("### What the members messages mean", 1)[1].split("\n\n")[2]
    phrases = []
    for row in table.splitlines()[2:]:
        cell = row.split(" | ")[0].removeprefix("| ")
        phrases.append(cell[3:-3] if cell.startswith("`` ") else cell[1:-1])
    messages = []
    for case in CASES:
        if case.name == "unreadable":
            continue
        with pytest.raises(MembersFileError) as raised:
            load_case(case, tmp_path_factory.mktemp("case"))
        messages += [problem.message for problem in raised.value.problems]
    assert len(phrases) >= 10
    for phrase in phrases:
        assert any(phrase in message for message in messages), phrase


def test_a_broken_schema_is_located_in_the_schema_file(tmp_path):
    (tmp_path / "members").mkdir()
    members = tmp_path / "members" / "members.yaml"
    members.write_text("members:\n  - id: a\n", encoding="utf-8")
    schema = tmp_path / "members" / "members.schema.json"
    schema.write_text('{\n  "type": "object",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(MembersFileError) as raised:
        load_members(members, schema, tmp_path)
    (problem,) = raised.value.problems
    assert format_error("members/members.yaml", problem).startswith(
        "members/members.schema.json:3: ERROR: members.schema.json is not valid JSON"
    )


@pytest.mark.parametrize("name", VALID)
def test_a_valid_layout_is_never_refused(name, tmp_path):
    (tmp_path / "base.yaml").write_text(member(), encoding="utf-8")
    expected = load_members(tmp_path / "base.yaml", SCHEMA, tmp_path)
    path = tmp_path / "members.yaml"
    path.write_bytes(VALID[name].encode("utf-8"))
    loaded = load_members(path, SCHEMA, tmp_path)
    assert [replace(m, line=0) for m in loaded] == [replace(m, line=0) for m in expected]


@pytest.mark.parametrize(
    "style",
    [
        {"default_flow_style": False, "indent": 4},
        {"default_flow_style": True, "width": 60},
        {"default_flow_style": None, "indent": 2, "allow_unicode": False},
    ],
)
def test_the_real_file_in_other_valid_styles_gives_the_same_members(style, tmp_path):
    """PyYAML writes the file's data in another layout: the members are the same."""
    real = load_members(REPO / "members/members.yaml", SCHEMA, REPO)
    data = yaml.safe_load((REPO / "members/members.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "members.yaml"
    text = "# a comment\n" + yaml.safe_dump(data, sort_keys=False, **style)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    rewritten = load_members(path, SCHEMA, tmp_path)
    assert [replace(m, line=0) for m in rewritten] == [replace(m, line=0) for m in real]
