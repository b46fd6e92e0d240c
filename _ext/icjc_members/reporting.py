"""One wording for members-file problems, shared by the Sphinx build and the quick check."""

from __future__ import annotations

from .yaml_lines import Problem

#: Sphinx appends ``[type.subtype]`` to each message; the quick check prints the same.
WARNING_TYPE = "icjc"
WARNING_SUBTYPE = "members"


def location(relative_path: str, problem: Problem) -> str:
    """``members/members.yaml:12``: Sphinx prints a location with a line as it is."""
    return f"{relative_path}:{problem.line}"


def format_error(relative_path: str, problem: Problem) -> str:
    """The line Sphinx prints for a problem when it logs it as an error."""
    return (
        f"{location(relative_path, problem)}: ERROR: {problem.message} "
        f"[{WARNING_TYPE}.{WARNING_SUBTYPE}]"
    )
