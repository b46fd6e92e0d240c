"""Quick check of the members file, without building the site: ``make check-members``.

Prints, in about a second, the messages the build would print about the file (on GitHub,
the problem matcher shows each on its line), then the members whose website address or map
position has not been added yet. A member id that clashes with a page heading is left to
the build, which reports it on the same line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from icjc.safety import WARNING_TYPE, Problem, shown

from .loading import WARNING_SUBTYPE, load_members
from .yaml_reader import MembersFileError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m icjc.members", description=__doc__)
    parser.add_argument("--source-dir", type=Path, default=Path(), help="the site's folder")
    parser.add_argument("--file", default="members/members.yaml", help="relative to it")
    parser.add_argument("--schema", default="members/members.schema.json", help="relative to it")
    args = parser.parse_args(argv)
    try:
        members = load_members(
            args.source_dir / args.file, args.source_dir / args.schema, args.source_dir
        )
    except MembersFileError as error:
        for problem in error.problems:
            print(format_error(args.file, problem), file=sys.stderr)
        count = len(error.problems)
        print(f"{args.file}: {count} problem{'s' * (count != 1)} to fix.", file=sys.stderr)
        return 1
    print(f"{args.file}: {len(members)} member{'s' * (len(members) != 1)}, no problems.")
    for what, missing in (
        ("Website address", [member for member in members if not member.url]),
        ("Map position (lat, lon)", [member for member in members if not member.on_map]),
    ):
        if missing:
            print(f"{what} still to add for {len(missing)} of them:")
            for member in missing:
                print(f"  line {member.line}: {member.id} ({member.name})")
    return 0


def format_error(members_file: str, problem: Problem) -> str:
    """The line Sphinx prints for a problem when it logs it as an error."""
    message = shown(problem.message, 1000)  # one line, whatever the file holds
    return f"{problem.location(members_file)}: ERROR: {message} [{WARNING_TYPE}.{WARNING_SUBTYPE}]"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a bug of ours: one line for the contributor, not a traceback
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
            traceback.print_exception(error, file=log)
        print(
            f"members/members.yaml:1: ERROR: the members check failed inside "
            f"({type(error).__name__}); please attach {log.name} to an issue",
            file=sys.stderr,
        )
        sys.exit(1)
