"""One policy for the text of every field: no character that can hide or reorder what readers
see, or that no text file should hold. Names and ids are compared as they look (UTS #39's
skeleton), so a name typed with a Cyrillic a (U+0430) for a Latin one counts once.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

PROTOTYPES = Path(__file__).with_name("confusables.json")
#: Unicode's confusables, character -> prototype (drawn by tests/tools/confusables.py).
_PROTOTYPES: dict[str, str] = json.loads(PROTOTYPES.read_text(encoding="utf-8"))
#: Characters Unicode names differently or not at all, as messages name them.
_PLAIN_NAMES = {
    "\t": "a tab", "\r": "a carriage return", "\x1b": "an escape character",
    "\x00": "a NUL character", "\u00a0": "a non-breaking space", "\u200b": "a zero-width space",
    "\ufeff": "a zero-width no-break space (byte order mark)",
}  # fmt: skip
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Invisible characters no member's data needs (joiners used by some scripts are allowed).
_ZERO_WIDTH = frozenset("\u00ad\u180e\u200b\u2060\ufeff")
#: Characters that draw nothing, besides whitespace and format characters.
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")
#: Opening and closing quotes a word processor types ("smart quotes").
_CURLY_OPEN = "\u201c\u2018\u201e\u201a\u00ab\u201f\u201b"
_CURLY_CLOSE = "\u201d\u2019\u201c\u00bb\u2018"


def describe(character: str) -> str:
    """A character's name for a message: "a non-breaking space (U+00A0)"."""
    name = _PLAIN_NAMES.get(character)
    category = unicodedata.category(character)
    if name is None and category in {"Cc", "Cs"}:
        name = "a control character" if category == "Cc" else "a lone surrogate"
    elif name is None and is_noncharacter(character):
        name = "a non-character"
    elif name is None:
        words = unicodedata.name(character, "character without a name").lower()
        name = ("an " if words[0] in "aeiou" else "a ") + words
    return f"{name} (U+{ord(character):04X})"


def is_noncharacter(character: str) -> bool:
    code = ord(character)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def forbidden_in_file(character: str) -> bool:
    """True for a character the members file may not hold anywhere, comments included."""
    return character not in "\t\n" and (
        unicodedata.category(character) in {"Cc", "Cs"}
        or character in _BIDI_CONTROLS
        or character in "\u2028\u2029"
        or is_noncharacter(character)
    )


def forbidden_in_value(character: str, *, multiline: bool) -> bool:
    """True for a character no value may hold (line breaks only where ``multiline``)."""
    if character == "\n":
        return not multiline
    return character == "\t" or forbidden_in_file(character) or character in _ZERO_WIDTH


def is_invisible(character: str) -> bool:
    return (
        character.isspace()
        or unicodedata.category(character) in {"Cf", "Cc", "Zs", "Zl", "Zp"}
        or character in _BLANK_LOOKING
    )


def value_problem(field: str, value: str, *, multiline: bool = False) -> str | None:
    """What is wrong with a text value under the policy, or None."""
    for character in value:
        if forbidden_in_value(character, multiline=multiline):
            if character == "\n":
                return f"`{field}` holds a line break: write it on one line"
            return f"`{field}` holds {describe(character)}, which is not allowed: delete it"
    if all(is_invisible(ch) or unicodedata.category(ch) == "Mn" for ch in value):
        if invisible := [character for character in value if not character.isspace()]:
            first = describe(invisible[0])
            return f"`{field}` holds only invisible characters ({first}): write the {field}"
        return None  # empty: the schema says whether the field may be empty
    stripped = value.strip()
    if len(stripped) >= 2 and stripped[0] in _CURLY_OPEN and stripped[-1] in _CURLY_CLOSE:
        return (
            f"`{field}` is wrapped in curly quotes ({stripped[0]}…{stripped[-1]}), as a word "
            f'processor types them: delete them, or use straight double quotes (") if the '
            "value needs quoting"
        )
    return None


def comparison_key(value: str) -> str:
    """The form in which two names or ids are the same: they look alike, whatever the case,
    spacing, invisible characters, variation selectors or look-alike letters."""
    visible = "".join(
        ch
        for ch in unicodedata.normalize("NFKC", value)
        if ch == " " or not (is_invisible(ch) or "VARIATION SELECTOR" in unicodedata.name(ch, ""))
    )
    return " ".join(_skeleton(_skeleton(visible).casefold()).split())


def _skeleton(text: str) -> str:
    """UTS #39's skeleton: decomposed, each character replaced by its prototype."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(_PROTOTYPES.get(ch, ch) for ch in decomposed))


def clean(value: str) -> str:
    """A value as the site shows it: NFC, without surrounding whitespace."""
    return unicodedata.normalize("NFC", value).strip()
