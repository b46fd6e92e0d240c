"""A broken members file, end to end: sphinx-build stops with the located messages, exit 1,
and leaves the source and the last good site byte-identical."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import copy_root, sphinx_build
from members_corpus import CASES

CONTRIBUTING_EXAMPLE = (
    "members/members.yaml:5: ERROR: unknown field `contry` in member 1 (Alpha Association): "
    "did you mean `country`? [icjc.members]"
)
#: One case of each category whose file is plain text, run through a real sphinx-build.
BUILD_CASES = {
    case.category: case for case in reversed(CASES) if isinstance(case.text, str) and not case.setup
}
# The surrogate once passed the quick check, then crashed the build and emptied members.json.
BUILD_CASES["surrogate"] = next(case for case in CASES if case.name == "surrogate")


def problem_lines(output: str) -> list[str]:
    """The located messages of the members file, without colours."""
    output = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return [line for line in output.splitlines() if line.startswith("members/members.yaml")]


def test_the_build_stops_with_one_located_message(failing_root):
    output = failing_root("error-members")
    assert problem_lines(output) == [CONTRIBUTING_EXAMPLE]
    assert "Traceback" not in output


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A small site with a valid members file, built once; tests break copies of it."""
    base = tmp_path_factory.mktemp("good")
    srcdir = copy_root("members-urls", base / "src")
    result = sphinx_build(srcdir, base / "html", "-d", str(base / "doctrees"))
    assert result.returncode == 0, result.stderr
    assert (base / "html" / "members.json").stat().st_size > 0
    # Served by the same web server as the pages: the same permissions.
    mode = (base / "html" / "index.html").stat().st_mode
    assert (base / "html" / "members.json").stat().st_mode == mode
    return base


def snapshot(folder):
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("category", sorted(BUILD_CASES))
@pytest.mark.parametrize("options", [("-W", "-n"), ()], ids=["strict", "lenient"])
def test_sphinx_build_fails_cleanly_and_keeps_the_last_good_site(
    good_site, tmp_path, category, options
):
    case = BUILD_CASES[category]
    shutil.copytree(good_site, tmp_path, dirs_exist_ok=True)
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    before = snapshot(outdir)
    target = srcdir / "members" / "members.yaml"
    target.write_text(case.text, encoding="utf-8", newline="")
    source_before = target.read_bytes()

    result = sphinx_build(srcdir, outdir, "-d", str(tmp_path / "doctrees"), *options)

    assert result.returncode == 1
    lines = problem_lines(result.stderr)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"members/members.yaml:{case.line}: ERROR: "), lines
    assert case.message in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert "please report" not in result.stdout + result.stderr
    assert target.read_bytes() == source_before
    assert snapshot(outdir) == before
