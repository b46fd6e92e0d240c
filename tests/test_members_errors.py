"""A broken members file, end to end: sphinx-build stops with the located messages, exit 1,
and leaves the source and the last good site byte-identical."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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
#: sphinx-build's options: with warnings as errors, as `make html` runs it, and without.
MODES = {"strict": ("-W", "-n"), "lenient": ()}


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


@dataclass
class BrokenBuild:
    """A copy of the good site whose members file was broken, then built again."""

    folder: Path
    #: The good site's files, as they were before the build.
    before: dict[Path, bytes]
    #: The broken members file, as written.
    source: bytes
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def broken_builds(good_site, tmp_path_factory) -> Iterator[dict[tuple[str, str], Future]]:
    """Every case in every mode, built two at a time: each build mostly waits on its own
    sphinx-build process, and there are 16 of them."""

    def build(folder: Path, category: str, mode: str) -> BrokenBuild:
        srcdir, outdir = folder / "src", folder / "html"
        target = srcdir / "members" / "members.yaml"
        target.write_text(BUILD_CASES[category].text, encoding="utf-8", newline="")
        before, source = snapshot(outdir), target.read_bytes()
        result = sphinx_build(srcdir, outdir, "-d", str(folder / "doctrees"), *MODES[mode])
        return BrokenBuild(folder, before, source, result)

    with ThreadPoolExecutor(max_workers=2) as pool:
        builds = {}
        for category in sorted(BUILD_CASES):
            for mode in MODES:
                folder = tmp_path_factory.mktemp(f"{mode}-{category}")
                shutil.copytree(good_site, folder, dirs_exist_ok=True)
                builds[category, mode] = pool.submit(build, folder, category, mode)
        yield builds


@pytest.mark.parametrize("category", sorted(BUILD_CASES))
@pytest.mark.parametrize("mode", MODES)
def test_sphinx_build_fails_cleanly_and_keeps_the_last_good_site(broken_builds, category, mode):
    case = BUILD_CASES[category]
    build = broken_builds[category, mode].result()
    result = build.result

    assert result.returncode == 1
    lines = problem_lines(result.stderr)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"members/members.yaml:{case.line}: ERROR: "), lines
    assert case.message in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert "please report" not in result.stdout + result.stderr
    assert (build.folder / "src" / "members" / "members.yaml").read_bytes() == build.source
    assert snapshot(build.folder / "html") == build.before
