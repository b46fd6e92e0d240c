"""The markup of a message, as the build reads it, counted without its words: a translation
must keep the English's."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from icjc.safety import shown
from icjc.safety.page_source import front_matter_lines

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from sphinx.config import Config

# Bounded: each ``%`` is read in a few steps, whatever follows it.
_PRINTF = re.compile(
    r"%(?:\([^)]{0,64}\))?[-#0 +]{0,5}(?:\*|\d{1,9})?(?:\.(?:\*|\d{1,9}))?[a-zA-Z%]"
)
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")
_LANGUAGE_CLASS = re.compile(r"^language-[a-z]{2,3}(-[A-Za-z0-9]+)*$")
#: Tokens without markup of their own (front matter is counted by MyST's front matter reader).
_WORDS_ONLY = frozenset({"text", "softbreak", "inline", "paragraph_open", "front_matter"})
_PLAIN_WORDS = {
    "strong": "bold (**…**)",
    "em": "italics (*…*)",
    "link": "a link",
    "image": "an image",
    "html": "HTML",
    "code": "code (`…`)",
    "role": "a role",
    "span": "an attribute ({…})",
    "placeholder": "a placeholder",
    "front_matter": "front matter (--- … ---)",
    "substitution": "a substitution",
    "character": "the character",
    "unread": "text the parser could not read as a link:",
}
#: ``[words](`` left as text: the parser found no link there (no ``)``, or an address it
#: refuses, such as ``javascript:``).
UNCLOSED_LINK = re.compile(r"!?\[[^\]\n]{0,200}\]\(")


def myst_parser(values: Mapping[str, Any] | Config) -> MarkdownIt:
    """The pages' parser, with conf.py's ``myst_*`` settings (a namespace or a Config)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    settings = {
        name: values[f"myst_{name}"]
        for name, _, field in MdParserConfig().as_triple()
        if "sphinx" not in field.metadata.get("omit", []) and f"myst_{name}" in values
    }
    return create_md_parser(MdParserConfig(**settings), RendererHTML)


def markup(text: str, parser: MarkdownIt | None) -> Counter[str]:
    """The markup in a message, as a multiset of readable items; the words are left out.
    ``parser`` None: a template's or our code's words, where HTML characters are markup."""
    if parser is not None:  # as the build reads it: MyST's front matter reader, then its parser
        tokens = [t for token in parser.parse(text) for t in (token, *(token.children or ()))]
        items = Counter(filter(None, map(_describe, tokens)))
        texts = [token.content for token in tokens if token.type == "text"]
        items.update(f"unread `{found}`" for text in texts for found in UNCLOSED_LINK.findall(text))
        return items + Counter({"front_matter": front_matter_lines(text) > 0})
    items = Counter()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        items["placeholder { or } on its own"] = 1
        parsed = [(text, None, None, None)]
    for words, field, spec, conversion in parsed:
        items.update(f"character {c}" for c in words if c in '<>"&')
        if field is not None:
            conversion = f"!{conversion}" if conversion else ""
            items[f"placeholder {{{field}{conversion}{f':{spec}' if spec else ''}}}"] += 1
    items.update(f"placeholder {found}" for found in _PRINTF.findall(text))
    return items


def _describe(token: Token) -> str | None:
    classes = str(token.attrs.get("class", "")).split()
    if token.type in _WORDS_ONLY or token.nesting < 0:
        return None
    if token.type.startswith("span_") and classes and all(map(_LANGUAGE_CLASS.match, classes)):
        return None  # a language tag ({.language-en}) that a translation may add
    if token.type == "myst_role":
        # `title <target>`: the title is words to translate, the target is not.
        target = _EXPLICIT_TARGET.search(token.content)
        content = f"... <{target.group(1)}>" if target else token.content
        return f"role {{{token.meta.get('name')}}}`{content}`"
    described = token.type.removesuffix("_open").removesuffix("_inline").removesuffix("_block")
    if token.type in {"code_inline", "html_inline", "html_block", "math_inline", "fence"}:
        described += f" {token.info or ''}{token.content}".rstrip()
    attrs = sorted((k, v) for k, v in token.attrs.items() if k not in {"class", "alt", "title"})
    return described + "".join(f" {k}={v}" for k, v in attrs) + "".join(f" .{c}" for c in classes)


def plain(items: Counter[str]) -> str:
    words = []
    for item, count in sorted(items.items()):
        kind, _, detail = item.partition(" ")
        word = f"{_PLAIN_WORDS.get(kind, kind)} {detail}".strip()
        words.append(f"{word} ({count} times)" if count > 1 else word)
    return ", ".join(shown(word, 100) for word in words)
