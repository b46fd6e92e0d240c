"""``make check-members``: fast, and word for word the messages of the build."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO, ROOTS, SCHEMA, matched
from icjc.members.loading import load_members


def check(source_dir, *extra, env=None):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "icjc.members",
            "--source-dir",
            str(source_dir),
            "--schema",
            str(SCHEMA),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )


def test_check_prints_the_same_lines_as_the_build(failing_root):
    result = check(ROOTS / "test-error-members")
    assert result.returncode == 1
    build_output = re.sub(r"\x1b\[[0-9;]*m", "", failing_root("error-members"))
    build_lines = [line for line in build_output.splitlines() if line.startswith("members/")]
    check_lines = result.stderr.splitlines()
    assert check_lines[:-1] == build_lines
    assert check_lines[-1] == "members/members.yaml: 1 problem to fix."
    assert result.stdout == ""


def test_github_shows_each_message_on_its_line():
    result = check(ROOTS / "test-error-members")
    assert result.returncode == 1
    assert [matched(line) for line in result.stderr.splitlines()] == [
        (
            "error",
            "members/members.yaml",
            5,
            "unknown field `contry` in member 1 (Alpha Association): did you mean `country`? "
            "[icjc.members]",
        ),
        None,  # the count of problems
    ]


def test_check_lists_members_without_website_or_map_position(tmp_path):
    (tmp_path / "members").mkdir()
    (tmp_path / "members" / "members.yaml").write_text(
        "members:\n"
        "  - id: a\n    name: Alpha\n    city: Paris\n    country: FR\n"
        "    url: https://a.example.org/\n    lat: 48.85\n    lon: 2.35\n"
        "  - id: b\n    name: Beta\n    city: Rome\n    country: IT\n",
        encoding="utf-8",
    )
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "members/members.yaml: 2 members, no problems.",
        "Website address still to add for 1 of them:",
        "  line 9: b (Beta)",
        "Map position (lat, lon) still to add for 1 of them:",
        "  line 9: b (Beta)",
    ]


def test_make_check_members_passes_on_the_real_file():
    result = subprocess.run(
        ["make", "--no-print-directory", "check-members"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    members = load_members(REPO / "members/members.yaml", SCHEMA, REPO)
    lines = result.stdout.splitlines()
    assert f"members/members.yaml: {len(members)} members, no problems." in lines
    for member in members:
        listed = f"  line {member.line}: {member.id} ({member.name})"
        assert (listed in lines) == (not member.url or not member.on_map)


def test_a_bug_in_the_check_is_one_line_and_a_log_not_a_traceback(tmp_path):
    script = (
        "import runpy, sys\n"
        "import icjc.members.loading as loading\n"
        "def broken(*args, **kwargs):\n"
        "    raise KeyError('x')\n"
        "loading.load_members = broken\n"
        "sys.modules.pop('icjc.members.__main__', None)\n"
        "runpy.run_module('icjc.members', run_name='__main__', alter_sys=True)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("members/members.yaml:1: ERROR: the members check failed")
