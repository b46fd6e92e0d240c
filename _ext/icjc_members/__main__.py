"""Quick check of the members file, without building the site: ``make check-members``.

Prints exactly the messages the build would print, then lists the members whose
website address or map position has not been added yet.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .loading import MembersFileError, load_members
from .reporting import annotate_on_github, format_error, save_traceback


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
        print(
            f"{args.file}:1: ERROR: internal error in the members check "
            f"({type(error).__name__}). The traceback for maintainers is in "
            f"{save_traceback(error)}: please attach it to an issue",
            file=sys.stderr,
        )
        return 1


def check(args: argparse.Namespace) -> int:
    try:
        members = load_members(
            args.source_dir / args.file, args.source_dir / args.schema, args.source_dir
        )
    except MembersFileError as error:
        for problem in error.problems:
            print(format_error(args.file, problem), file=sys.stderr)
        annotate_on_github(args.file, error.problems)
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


if __name__ == "__main__":
    sys.exit(main())
