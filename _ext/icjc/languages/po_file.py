"""A ``.po`` file read strictly, as the build uses it: Babel reads it, after a check of each
line (Babel accepts an unterminated string silently), and what Babel made of it is checked
again (an entry dropped unseen, a header the build cannot use)."""

from __future__ import annotations

import gettext
import io
import re
import stat
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from icjc.safety import Problem

MAX_BYTES = 1_000_000
_STRING = r'"(?:[^"\\]|\\.)*"'
# Possessive (``*+``): a long run of spaces is read once, whatever follows it.
_LINE = re.compile(
    rf"\s*+(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)\s++{_STRING}|{_STRING})?\s*+"
)
#: The old English Babel keeps as a comment beside a changed sentence (``#| msgid "…"``).
PREVIOUS = re.compile(rf"^msgid ((?:{_STRING}\s*)+)", re.MULTILINE)
# Babel makes a list of ``nplurals`` items per message: a huge number would never end.
_PLURAL_FORMS = re.compile(
    r'"Plural-Forms:\s*nplurals=[1-6];\s*plural=[-n0-9 ()?:<>=!&|%]{1,200};?(\\n)?"'
)
_PLURAL_ADVICE = (
    "the header `Plural-Forms` cannot be used: for French write "
    "`Plural-Forms: nplurals=2; plural=(n > 1);`"
)
_NOT_A_LINE = (
    'this line is not a catalog line: each text is in double quotes ("…"), closed on the same '
    'line, after msgid or msgstr; a " inside is written \\"'
)
_TWO_MSGIDS = (
    "two msgid lines in a row: this one has no msgstr. If it is the old English kept beside a "
    "changed sentence, put `#| ` back at the start of the line"
)


def read_catalog(path: Path) -> tuple[Catalog, dict[int, int]] | Problem:
    """A ``.po`` file read strictly, as the build uses it, and each msgid's msgstr line."""

    def refuse(line: int, message: str) -> Problem:
        return Problem(line, message, str(path))

    try:
        status = path.lstat()  # a link too (check() names links as such)
        if not stat.S_ISREG(status.st_mode):
            return refuse(1, "is not a plain file: a catalog must be a plain file in locale/")
        if status.st_size > MAX_BYTES:
            return refuse(1, f"is larger than {MAX_BYTES:,} bytes: split or shorten it")
        data = path.read_bytes()
        lines = [line.removesuffix("\r") for line in data.decode("utf-8").split("\n")]
    except OSError as error:
        return refuse(1, f"cannot be read ({error.strerror})")
    except UnicodeDecodeError as error:
        return refuse(data[: error.start].count(b"\n") + 1, "is not UTF-8: save it as UTF-8")
    msgstr_lines: dict[int, int] = {}
    entry, last = 0, ""
    for number, line in enumerate(lines, 1):
        if not _LINE.fullmatch(line):  # Babel accepts an unterminated string silently
            return refuse(number, _NOT_A_LINE)
        keyword = line.strip().split(" ", 1)[0]
        if keyword == "msgid" and last == "msgid":
            return refuse(entry, _TWO_MSGIDS)
        if keyword == "msgid":
            entry = number
        elif keyword.startswith("msgstr"):
            msgstr_lines.setdefault(entry, number)
        last = keyword if keyword.startswith("msg") else last

    def header_line(start: str) -> int:
        return next((n for n, line in enumerate(lines, 1) if line.startswith(start)), 1)

    plural_forms = header_line('"Plural-Forms:')
    header = lines[plural_forms - 1]
    if header.startswith('"Plural-Forms:') and not _PLURAL_FORMS.fullmatch(header):
        return refuse(plural_forms, _PLURAL_ADVICE)
    try:
        catalog = read_po(lines, abort_invalid=True)
    except PoFileError as error:
        return refuse(error.lineno + 1, "this entry is incomplete: it needs a msgid and a msgstr")
    except (ValueError, LookupError):
        unread = 'the header cannot be read: copy the first entry (msgid "") from another catalog'
        return refuse(header_line('msgid ""'), unread)
    if (catalog.charset or "").lower().replace("_", "-") not in {"utf-8", "utf8"}:
        utf8 = "the header must say `Content-Type: text/plain; charset=UTF-8`"
        return refuse(header_line('"Content-Type:'), utf8)
    # Babel keeps the first of two entries for one English text and drops the other unseen.
    kept = {message.lineno for message in catalog} | {header_line('msgid ""')}
    if dropped := sorted(set(msgstr_lines) - kept):
        twice = "this English (msgid) already has an entry above: keep one of the two entries"
        return refuse(msgstr_lines[dropped[0]], twice)
    try:  # what the build does with the file, in memory: a bad Plural-Forms fails here
        gettext.GNUTranslations(io.BytesIO(compiled(catalog)))
    except (ValueError, LookupError, SyntaxError, RecursionError, OverflowError):
        return refuse(plural_forms, _PLURAL_ADVICE)
    return catalog, msgstr_lines


def compiled(catalog: Catalog, fuzzy: bool = False) -> bytes:
    """The ``.mo`` file of a catalog, as Sphinx writes it (``CatalogInfo.write_mo``)."""
    output = io.BytesIO()
    write_mo(output, catalog, fuzzy)
    return output.getvalue()
