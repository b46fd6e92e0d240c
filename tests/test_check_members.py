"""``make check-members``: fast, and word for word the messages of the build."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO, ROOTS, SCHEMA
from test_members_errors import EXPECTED


def check(source_dir, *extra):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "icjc_members",
            "--source-dir",
            str(source_dir),
            "--schema",
            str(SCHEMA),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(REPO / "_ext"), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_prints_the_same_lines_as_the_build(failing_root, case):
    result = check(ROOTS / f"test-error-{case}")
    assert result.returncode == 1
    build_output = re.sub(r"\x1b\[[0-9;]*m", "", failing_root(f"error-{case}"))
    build_lines = [line for line in build_output.splitlines() if line.startswith("members/")]
    check_lines = result.stderr.splitlines()
    assert check_lines[:-1] == build_lines
    count = len(build_lines)
    assert check_lines[-1] == f"members/members.yaml: {count} problem{'s' * (count > 1)} to fix."


def test_make_check_members_passes_and_lists_missing_urls():
    result = subprocess.run(
        ["make", "--no-print-directory", "check-members"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "members/members.yaml: 12 members, no problems." in lines
    assert "Website address still to add for 12 of them:" in lines
    yaml_lines = (REPO / "members" / "members.yaml").read_text(encoding="utf-8").splitlines()
    first = yaml_lines.index("  - id: aba") + 1
    assert f"  line {first}: aba (American Bar Association)" in lines
