"""Check the translation catalogs: ``make check-translations`` and every French build.

A translation may change the words, never what the site does: a catalog that adds or drops
markup, a link, HTML, front matter or a ``{placeholder}`` (as MyST reads them), or that cannot
be read, stops the build with one located message. Missing French is a notice (``--strict``:
an error). ``--update`` (``make translations``) keeps a changed sentence's old English."""

from __future__ import annotations

import argparse
import copy
import difflib
import gettext
import io
import os
import re
import stat
import string
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, denormalize, read_po, write_po

from icjc.safety import Problem, shown
from icjc.safety.page_source import front_matter_lines

from .codes import read_conf

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from sphinx.config import Config

#: Catalogs of templates and Python code: their words are inserted into HTML as they are.
CODE_CATALOGS = frozenset({"sphinx", "icjc"})
MAX_BYTES = 1_000_000
_STRING = r'"(?:[^"\\]|\\.)*"'
# Possessive (``*+``): a long run of spaces is read once, whatever follows it.
_LINE = re.compile(
    rf"\s*+(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)\s++{_STRING}|{_STRING})?\s*+"
)
_PREVIOUS = re.compile(rf"^msgid ((?:{_STRING}\s*)+)", re.MULTILINE)
# Babel makes a list of ``nplurals`` items per message: a huge number would never end.
_PLURAL_FORMS = re.compile(
    r'"Plural-Forms:\s*nplurals=[1-6];\s*plural=[-n0-9 ()?:<>=!&|%]{1,200};?(\\n)?"'
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
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
}
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
_BROKEN = (
    ": keep the English's markup exactly (the same links, bold, italics, code, roles and "
    "{placeholders}); change only the words"
)


def reported(problem: Problem) -> str:
    """One line, as GitHub's problem matcher reads it on the file's line."""
    level = "ERROR" if problem.blocking else "notice"
    return f"{problem.location()}: {level}: {shown(problem.message, 2000)}"


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


def _plain(items: Counter[str]) -> str:
    words = []
    for item, count in sorted(items.items()):
        kind, _, detail = item.partition(" ")
        word = f"{_PLAIN_WORDS.get(kind, kind)} {detail}".strip()
        words.append(f"{word} ({count} times)" if count > 1 else word)
    return ", ".join(shown(word, 100) for word in words)


def english_change(old: str, new: str) -> str:
    """The changed words, and each changed sentence in its old and new English."""

    def changes(before: list[str], after: list[str]) -> Iterator[tuple[str, str]]:
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag != "equal":
                yield " ".join(before[a1:a2]), " ".join(after[b1:b2])

    def said(before: str, after: str) -> str:
        if not before:
            return f"added «{after}»"
        return f"removed «{before}»" if not after else f"«{before}» became «{after}»"

    words = "; ".join(said(a, b) for a, b in changes(old.split(), new.split()))
    sentences = " ".join(
        f"Old English: «{shown(a, 400)}» New English: «{shown(b, 400)}»"
        for a, b in changes(_SENTENCE_END.split(old), _SENTENCE_END.split(new))
    )
    return f"the English changed ({shown(words, 300)}). {sentences}"


def catalog_problems(
    path: Path, parser: MarkdownIt | None, template: Catalog | None, strict: bool
) -> Iterator[Problem]:
    """Broken markup (an error), then missing French (a notice, or an error if strict)."""
    if isinstance(read := read_catalog(path), Problem):
        yield read
        return
    catalog, msgstr_lines = read

    def problem(message: Message | None, text: str, blocking: bool = strict) -> Problem:
        line = msgstr_lines.get(message.lineno or 1, message.lineno or 1) if message else 1
        return Problem(line, text, str(path), blocking)

    for message in (message for message in catalog if message.id and not message.fuzzy):
        english = markup(str(message.id if isinstance(message.id, str) else message.id[-1]), parser)
        strings = [message.string] if isinstance(message.string, str) else message.string
        for translation in filter(None, strings or ()):
            found = markup(str(translation), parser)
            diff = {"lost": english - found, "adds": found - english}
            if change := " and ".join(f"{verb} {_plain(c)}" for verb, c in diff.items() if c):
                yield problem(message, f"the French (msgstr) {change}{_BROKEN}", blocking=True)
    for message in catalog:
        if message.id and message.fuzzy:
            comments = "\n".join(c[1:].strip() for c in message.user_comments if c[:1] == "|")
            old = _PREVIOUS.search(comments)  # Babel keeps "#| msgid" as a comment
            was = denormalize(old[1].strip()) if old else ""
            yield problem(
                message,
                (english_change(was, str(message.id)) if was else "marked fuzzy.")
                + " Correct the French on this line (msgstr), then delete the `#, fuzzy` line "
                "above the entry",
            )
        elif message.id and not message.string:
            yield problem(message, f"not translated yet: «{shown(message.id, 60)}»")
    if template is None:
        return
    known = {message.id for message in catalog}
    updated = copy.deepcopy(catalog)
    updated.update(template)
    for message in (m for m in updated if m.id and m.id not in known):
        if message.fuzzy and message.previous_id:
            yield problem(
                catalog.get(message.previous_id[0]),
                english_change(message.previous_id[0], str(message.id))
                + " This text shows in English until the catalog is updated (`make "
                "translations`, or the catalog pull request) and the French on this line "
                "corrected",
            )
        else:
            yield problem(None, f"new English, not in the catalog yet: «{shown(message.id)}»")
    for message in updated.obsolete.values():
        if message.id and (original := catalog.get(message.id)) is not None:
            gone = "this English (msgid) is no longer on the page: the entry is left out at the"
            yield Problem(original.lineno or 1, f"{gone} next catalog update", str(path), strict)


def check(
    locale_dir: Path, pot_dir: Path | None, parser: MarkdownIt, strict: bool = False
) -> list[Problem]:
    """Every problem in the catalogs of one ``LC_MESSAGES`` folder; links are named, not read."""
    found = [Path(top, name) for top, dirs, names in os.walk(locale_dir) for name in dirs + names]
    linked = "is a symbolic link: a catalog must be a plain file in locale/"
    problems = [Problem(1, linked, str(path)) for path in found if path.is_symlink()]
    for path in sorted(p for p in found if p.suffix == ".po" and not p.is_symlink()):
        code = path.stem in CODE_CATALOGS and path.parent == locale_dir
        pot = pot_dir / path.relative_to(locale_dir).with_suffix(".pot") if pot_dir else None
        template = read_po(pot.read_bytes().splitlines()) if pot and pot.is_file() else None
        problems += catalog_problems(path, None if code else parser, template, strict)
    pots = sorted(pot_dir.rglob("*.pot")) if pot_dir else []
    expected = [locale_dir / pot.relative_to(pot_dir or "").with_suffix(".po") for pot in pots]
    missing = [po for po in expected if not po.is_file()]
    return problems + [Problem(1, "no French catalog yet", str(po), strict) for po in missing]


def update(locale_dir: Path, pot_dir: Path, language: str) -> int:
    """``make translations``: new English in, the old English kept beside a changed sentence.
    Returns the number of catalogs that could not be read, and so were left as they are."""
    unreadable = 0
    for pot in sorted(pot_dir.rglob("*.pot")):
        catalog = read_po(pot.read_bytes().splitlines())
        path = locale_dir / pot.relative_to(pot_dir).with_suffix(".po")
        if path.is_file():
            if isinstance(read := read_catalog(path), Problem):
                print(reported(read))
                unreadable += 1
                continue
            template, catalog = catalog, read[0]
            before = {message.id for message in catalog}
            catalog.update(template)
            if before == {message.id for message in catalog}:
                continue
        else:
            catalog.locale = language
        path.parent.mkdir(parents=True, exist_ok=True)
        output = io.BytesIO()  # not wrapped: a changed sentence is one line in a diff
        write_po(output, catalog, width=MAX_BYTES, include_previous=True)
        path.write_bytes(output.getvalue())
        print(f"updated {shown(path, 120)}")
    return unreadable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locale_dirs", nargs="+", type=Path, help="LC_MESSAGES folders")
    parser.add_argument("--pot-dir", type=Path, help="the .pot files of `make pot`")
    parser.add_argument("--conf-dir", type=Path, default=Path(), help="where conf.py is")
    parser.add_argument("--strict", action="store_true", help="missing French fails too")
    parser.add_argument("--update", action="store_true", help="update the catalogs")
    args = parser.parse_args(argv)
    if args.update:
        return min(1, sum(update(d, args.pot_dir, d.parent.name) for d in args.locale_dirs))
    pages = myst_parser(read_conf(args.conf_dir))  # the pages' MyST settings, from conf.py
    problems = [p for d in args.locale_dirs for p in check(d, args.pot_dir, pages, args.strict)]
    for problem in problems:
        print(reported(problem))
    blocking = sum(problem.blocking for problem in problems)
    notices = len(problems) - blocking
    print(f"Translations: {blocking} error(s), {notices} notice(s).")
    if notices and not blocking:
        print("The English site is not held back: missing French is published in English.")
    return 1 if blocking else 0
