"""Every way the members file can be wrong: one root each, one exact message per problem."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO, copy_root, sphinx_build

NOT_WEB = "is not a web address"
URL_FIX = (
    "write the full address starting with https:// (or http://), e.g. https://www.example.org/"
)
YAML_HINT = (
    "check the indentation (spaces, not tabs) and that every `field: value` has a space after "
    "the colon; put values containing `: ` or starting with a quote in double quotes"
)

EXPECTED = {
    "malformed": [
        "members/members.yaml:3: ERROR: this is not valid YAML (expected <block end>, but found "
        f"'<block mapping start>'): {YAML_HINT}",
    ],
    "top-level-list": [
        "members/members.yaml:1: ERROR: the file must start with `members:` and list the "
        "members, not a list",
    ],
    "member-not-mapping": [
        "members/members.yaml:2: ERROR: member 1 must be a group of `field: value` lines "
        "(id, name, city, country, ...), not text",
    ],
    "missing-fields": [
        "members/members.yaml:2: ERROR: member 1 (Alpha Association) has no `city`: "
        "add a line `city: ...` to it",
        "members/members.yaml:2: ERROR: member 1 (Alpha Association) has no `country`: "
        "add a line `country: ...` to it",
        "members/members.yaml:4: ERROR: member 2 has no `id`: add a line `id: ...` to it",
        "members/members.yaml:4: ERROR: member 2 has no `name`: add a line `name: ...` to it",
    ],
    "unknown-field": [
        "members/members.yaml:5: ERROR: unknown field `contry` in member 1 (Alpha Association): "
        "did you mean `country`?",
    ],
    "wrong-types": [
        "members/members.yaml:3: ERROR: `name` in member 1 must be text, not a number (1984): "
        'put it in double quotes, e.g. name: "1984"',
        "members/members.yaml:4: ERROR: `city` in member 1 must be text, or one text per "
        "language ({en: The Hague, fr: La Haye}), not a list",
        "members/members.yaml:5: ERROR: `country` in member 1 must be text, or one text per "
        "language ({en: The Hague, fr: La Haye}), not yes/no (false): "
        'put it in double quotes, e.g. country: "no"',
        "members/members.yaml:6: ERROR: `lat` in member 1 must be a number, not text",
    ],
    "duplicates": [
        "members/members.yaml:6: ERROR: the id 'alpha' is already used on line 2: "
        "give each member its own id",
        "members/members.yaml:7: ERROR: the name 'alpha  association' is already used on line 3: "
        "list each member once",
    ],
    "unsafe-urls": [
        f"members/members.yaml:6: ERROR: `url` 'javascript:alert(1)' {NOT_WEB}: {URL_FIX}",
        f"members/members.yaml:11: ERROR: `url` 'data:text/html,hello' {NOT_WEB}: {URL_FIX}",
        f"members/members.yaml:16: ERROR: `url` '/members/gamma' is not a web address: {URL_FIX}",
        f"members/members.yaml:21: ERROR: `url` 'https://' is not a web address: {URL_FIX}",
    ],
    "empty": [
        "members/members.yaml:1: ERROR: the file is empty: it must start with `members:` and "
        "list the members",
    ],
    "not-utf8": [
        "members/members.yaml:4: ERROR: the file is not UTF-8 text (byte 0xE9 on this line): "
        "save it with the UTF-8 encoding in your editor",
    ],
    "missing-file": [
        "members/members.yaml:1: ERROR: the members file is missing: "
        "restore it from the main branch",
    ],
}


def problem_lines(output: str) -> list[str]:
    """The located messages, without colours or the ``[icjc.members]`` type suffix."""
    output = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return [
        line.removesuffix(" [icjc.members]")
        for line in output.splitlines()
        if line.startswith("members/members.yaml")
    ]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_problem_is_reported_once_at_its_line(failing_root, case):
    output = failing_root(f"error-{case}")
    assert problem_lines(output) == EXPECTED[case]
    assert output.count(" [icjc.members]") == len(EXPECTED[case])
    assert "Traceback" not in output


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A small site with a valid members file, built once; tests break copies of it."""
    base = tmp_path_factory.mktemp("good")
    srcdir = copy_root("members-urls", base / "src")
    result = sphinx_build(srcdir, base / "html", "-d", str(base / "doctrees"))
    assert result.returncode == 0, result.stderr
    return base


@pytest.mark.parametrize("case", sorted(EXPECTED))
@pytest.mark.parametrize("options", [("-W", "-n"), ()], ids=["strict", "lenient"])
def test_sphinx_build_fails_cleanly_and_keeps_the_last_good_site(
    good_site, tmp_path, case, options
):
    """A broken file stops sphinx-build with exit 1, whether or not warnings are errors.

    The source is left as it was, and the site built before the mistake stays intact.
    """
    shutil.copytree(good_site, tmp_path, dirs_exist_ok=True)
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    before = {path: path.read_bytes() for path in outdir.rglob("*") if path.is_file()}
    broken = REPO / "tests" / "roots" / f"test-error-{case}" / "members" / "members.yaml"
    target = srcdir / "members" / "members.yaml"
    if broken.exists():
        target.write_bytes(broken.read_bytes())
    else:
        target.unlink()
    source_before = target.read_bytes() if target.exists() else None

    result = sphinx_build(srcdir, outdir, "-d", str(tmp_path / "doctrees"), *options)

    assert result.returncode == 1
    assert problem_lines(result.stderr) == EXPECTED[case]
    assert "Traceback" not in result.stdout + result.stderr
    assert "please report" not in result.stdout + result.stderr
    assert (target.read_bytes() if target.exists() else None) == source_before
    after = {path: path.read_bytes() for path in outdir.rglob("*") if path.is_file()}
    assert after == before
