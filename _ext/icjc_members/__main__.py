"""Quick check of the members file, without building the site: ``make check-members``.

Contributors and the pull-request checks get, in about a second, exactly the messages the
build would print (and on GitHub Actions, an annotation on each line), then the members
whose website address or map position has not been added yet.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

from docutils.nodes import make_id

from .loading import WARNING_SUBTYPE, WARNING_TYPE, Member, load_members
from .text_policy import escape_invisible, shown
from .yaml_layout import MembersFileError, Problem

#: A Markdown heading, or a MyST label ``(name)=``: each gives its page an id.
_HEADING = re.compile(r"^(?:#{1,6}\s+(?P<heading>.+?)\s*#*|\((?P<label>[^)\s]+)\)=)\s*$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m icjc_members", description=__doc__)
    parser.add_argument("--source-dir", type=Path, default=Path(), help="the site's folder")
    parser.add_argument("--file", default="members/members.yaml", help="relative to it")
    parser.add_argument("--schema", default="members/members.schema.json", help="relative to it")
    args = parser.parse_args(argv)
    try:
        return check(args)
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # one line, as the build prints it, not a traceback
        with tempfile.NamedTemporaryFile(
            "w", prefix="icjc-error-", suffix=".log", delete=False, encoding="utf-8"
        ) as log:
            log.write("".join(traceback.format_exception(error)))
        print(
            f"{args.file}:1: ERROR: internal error in the members check "
            f"({type(error).__name__}). The traceback for maintainers is in "
            f"{log.name}: please attach it to an issue",
            file=sys.stderr,
        )
        return 1


def check(args: argparse.Namespace) -> int:
    source_dir: Path = args.source_dir
    try:
        members = load_members(source_dir / args.file, source_dir / args.schema, source_dir)
        anchor_problems = _anchors_taken_by_pages(members, source_dir)
        if anchor_problems:
            raise MembersFileError(anchor_problems)
    except MembersFileError as error:
        for problem in error.problems:
            print(format_error(args.file, problem), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in error.problems:
                print(github_annotation(args.file, problem), flush=True)
        count = len(error.problems)
        print(f"{args.file}: {count} problem{'s' * (count != 1)} to fix.", file=sys.stderr)
        return 1
    print(f"{args.file}: {len(members)} member{'s' * (len(members) != 1)}, no problems.")
    for missing, what in (
        ([member for member in members if not member.url], "Website address"),
        ([member for member in members if not member.on_map], "Map position (lat, lon)"),
    ):
        if missing:
            print(f"{what} still to add for {len(missing)} of them:")
            for member in missing:
                print(f"  line {member.line}: {member.id} ({member.name})")
    return 0


def format_error(members_file: str, problem: Problem) -> str:
    """The line Sphinx prints for a problem when it logs it as an error."""
    message = escape_invisible(problem.message)
    return f"{problem.location(members_file)}: ERROR: {message} [{WARNING_TYPE}.{WARNING_SUBTYPE}]"


def github_annotation(members_file: str, problem: Problem) -> str:
    """The workflow command that shows ``problem`` on its line in a pull request.

    Escaped as GitHub documents, so that no value can end the command or start another.
    """

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    file = data(problem.file or members_file).replace(":", "%3A").replace(",", "%2C")
    message = data(escape_invisible(problem.message))
    return f"::error file={file},line={problem.line}::{message}"


def _anchors_taken_by_pages(members: tuple[Member, ...], source_dir: Path) -> list[Problem]:
    """Members whose card anchor (``member-<id>``) a page showing cards already uses.

    The build reports the same; here it is found from the pages' Markdown headings and
    labels, as docutils turns them into ids.
    """
    from sphinx.config import Config
    from sphinx.project import Project
    from sphinx.util.tags import Tags

    if not (source_dir / "conf.py").is_file():  # a members file alone: no pages to compare
        return []
    config = Config.read(source_dir.resolve(), overrides={}, tags=Tags())
    project = Project(source_dir.resolve(), {".md": "markdown"})
    taken: dict[str, str] = {}
    for docname in sorted(project.discover(config.exclude_patterns, config.include_patterns)):
        path = project.doc2path(docname, absolute=True)
        text = path.read_text(encoding="utf-8", errors="replace")
        if "{member-cards}" not in text:
            continue
        in_code = False  # inside a fenced block: code or a directive, no page headings
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(("```", "~~~")):
                in_code = not in_code
            elif not in_code and (found := _HEADING.match(stripped)):
                name = project.doc2path(docname, absolute=False).as_posix()
                taken.setdefault(make_id(found["heading"] or found["label"]), name)
    return [
        Problem(
            member.line,
            f"the id {shown(member.id)} gives the anchor #{member.anchor}, which a heading "
            f"or label of {taken[member.anchor]} already has: choose another id",
        )
        for member in members
        if member.anchor in taken
    ]


if __name__ == "__main__":
    sys.exit(main())
