"""Trimming a stylesheet to the rules whose classes a site uses (for ``icjc_lean_assets``).

Only the selectors are read, with tinycss2's tokenizer; everything else is copied as it is,
byte for byte, so that what is kept is exactly the theme's own CSS.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set

import tinycss2

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_STRUCTURE = re.compile(r"""/\*.*?\*/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\\.|[{};]""", re.DOTALL)
_AT_KEYWORD = re.compile(r"@([-\w]+)")


def trim_stylesheet(css: str, used: Set[str]) -> str:
    """Keep the rules with at least one selector whose classes are all in ``used``.

    Raises ValueError if the braces of ``css`` do not balance.
    """
    kept = []
    for prelude, body in statements(css):
        keyword = _AT_KEYWORD.match(prelude)
        if body is None:
            kept.append(f"{prelude};")
        elif keyword and keyword[1].lower() in {"media", "supports"}:
            inner = trim_stylesheet(body, used)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif keyword or any(classes <= used for classes in selector_classes(prelude)):
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


def selector_classes(prelude: str) -> Iterator[set[str]]:
    """The set of class names in each comma-separated selector of a rule."""
    classes: set[str] = set()
    after_dot = False
    for token in tinycss2.parse_component_value_list(prelude):
        if token.type == "literal" and token.value == ",":
            yield classes
            classes = set()
        elif token.type == "ident" and after_dot:
            classes.add(token.value)
        after_dot = token.type == "literal" and token.value == "."
    yield classes


def statements(css: str) -> Iterator[tuple[str, str | None]]:
    """The top-level statements of a stylesheet: (prelude, block contents), or (statement,
    None) for one without a block such as ``@import``. Comments between statements are
    dropped; braces inside strings, comments and escapes do not count."""
    depth, start, body_start, prelude = 0, 0, 0, ""
    for match in _STRUCTURE.finditer(css):
        token = match[0]
        if token == "{":
            if depth == 0:
                prelude, body_start = css[start : match.start()], match.end()
            depth += 1
        elif token == "}":
            if depth == 0:
                raise ValueError(
                    f"a closing brace without an opening one at character {match.start()}"
                )
            depth -= 1
            if depth == 0:
                yield _without_comments(prelude), css[body_start : match.start()]
                start = match.end()
        elif token == ";" and depth == 0:
            yield _without_comments(css[start : match.start()]), None
            start = match.end()
    if depth or _without_comments(css[start:]):
        raise ValueError("it ends inside a rule")


def _without_comments(text: str) -> str:
    return _COMMENT.sub("", text).strip()
