"""Read the members file as text, whatever is at its path, with a plain message when it cannot be.

The path may be missing, a folder, a device, a link to itself or to a file outside the
site, unreadable, too large, or not UTF-8: each gets a sentence and a fix, never an
``OSError``. Once read, characters that no line of the file may hold are reported.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .model import Problem
from .text_policy import describe, forbidden_in_file

#: Two hundred members take about 40 kB; a file fifty times that is a mistake.
MAX_BYTES = 2_000_000


class SourceError(Exception):
    """The file cannot be read as text; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


def _stop(message: str, line: int = 1) -> SourceError:
    return SourceError([Problem(line, message)])


def read_text(path: Path, source_dir: Path) -> str:
    """The file's text with ``\\n`` line ends, or raise SourceError."""
    try:
        info = path.stat()
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise _stop(
                "the members file is a link to a file that does not exist: "
                "replace the link with the file itself"
            ) from None
        raise _stop("the members file is missing: restore it from the main branch") from None
    except RuntimeError:  # Path.resolve on a loop, before Python 3.13
        raise _stop(
            "the members file is a link that leads back to itself: replace it with the file itself"
        ) from None
    except OSError as error:
        raise _stop(_os_message(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _stop(
            "the members file is a folder, not a file: "
            "move the folder away and restore the file from the main branch"
        )
    if not stat.S_ISREG(info.st_mode):
        raise _stop(
            "the members file is not a regular file (it is a device or a pipe): "
            "restore the file from the main branch"
        )
    if not resolved.is_relative_to(source_dir.resolve()):
        raise _stop(
            "the members file is a link to a file outside the site's folder: "
            "replace the link with the file itself"
        )
    if info.st_size > MAX_BYTES:
        raise _stop(
            f"the members file is larger than {MAX_BYTES // 1_000_000} MB: "
            "it should hold only the members' short entries"
        )
    try:
        raw = resolved.read_bytes()
    except OSError as error:
        raise _stop(_os_message(error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        bad = raw[error.start : error.start + 1].hex().upper()
        raise _stop(
            f"the file is not UTF-8 text (byte 0x{bad} on this line): "
            "save it with the UTF-8 encoding in your editor",
            line,
        ) from None
    text = text.replace("\r\n", "\n")
    problems = character_problems(text)
    if problems:
        raise SourceError(problems)
    return text


def character_problems(text: str) -> list[Problem]:
    """One problem per line that holds characters no line may hold."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = list(dict.fromkeys(ch for ch in line if forbidden_in_file(ch)))
        if found:
            names = " and ".join(describe(ch) for ch in found[:2])
            more = f" (and {len(found) - 2} more)" if len(found) > 2 else ""
            problems.append(
                Problem(
                    number, f"this line holds {names}{more}, invisible or misleading: delete it"
                )
            )
    return problems


def _os_message(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return (
            "the members file is a link that leads back to itself: replace it with the file itself"
        )
    if error.errno in {errno.EACCES, errno.EPERM}:
        return "the members file cannot be read (permission denied): make it readable (chmod a+r)"
    if error.errno == errno.ENAMETOOLONG:
        return "the path of the members file is too long: move the site to a shorter path"
    reason = os.strerror(error.errno) if error.errno else type(error).__name__
    return f"the members file cannot be read ({reason.lower()}): restore it from the main branch"
