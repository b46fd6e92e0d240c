"""One wording for members-file problems, shared by the Sphinx build and the quick check.

Every message reaches a terminal or a CI log, so whatever a value put in it is escaped
once more here: no message can add a line or a terminal escape. On GitHub Actions each
problem is also printed as an ``::error`` workflow command, which annotates the line in the
pull request.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback

from .model import Problem
from .text_policy import escape_invisible

#: Sphinx appends ``[type.subtype]`` to each message; the quick check prints the same.
WARNING_TYPE = "icjc"
WARNING_SUBTYPE = "members"


def location(relative_path: str, problem: Problem) -> str:
    """``members/members.yaml:12``: Sphinx prints a location with a line as it is."""
    return f"{problem.file or relative_path}:{problem.line}"


def safe_message(problem: Problem) -> str:
    return escape_invisible(problem.message)


def format_error(relative_path: str, problem: Problem) -> str:
    """The line Sphinx prints for a problem when it logs it as an error."""
    return (
        f"{location(relative_path, problem)}: ERROR: {safe_message(problem)} "
        f"[{WARNING_TYPE}.{WARNING_SUBTYPE}]"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(relative_path: str, problem: Problem) -> str:
    """The workflow command that shows ``problem`` on its line in a pull request."""
    file = _escape_property(problem.file or relative_path)
    return f"::error file={file},line={problem.line}::{_escape_data(safe_message(problem))}"


def annotate_on_github(relative_path: str, problems: list[Problem]) -> None:
    """Print the annotations when running on GitHub Actions (they go to standard output)."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for problem in problems:
        print(github_annotation(relative_path, problem), file=sys.stdout, flush=True)


def save_traceback(error: BaseException) -> str:
    """Write the traceback of an unexpected error to a log file for maintainers; its path."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="icjc-error-", suffix=".log", delete=False, encoding="utf-8"
    ) as log:
        log.write("".join(traceback.format_exception(error)))
    return log.name
