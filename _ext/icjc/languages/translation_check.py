"""Check the translation catalogs: ``make check-translations`` and every French build.

A translation may change the words, never what the site does: a catalog that adds or drops
markup, a link, HTML, front matter or a ``{placeholder}`` (as MyST reads them), or that cannot
be read, stops the build with one located message. Missing French is a notice (``--strict``:
an error). ``--update`` (``make translations``) keeps a changed sentence's old English."""

from __future__ import annotations

import argparse
import copy
import difflib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, read_po, write_po

from icjc.safety import Problem, shown

from .codes import read_conf
from .markup import markup, myst_parser, plain
from .po_file import MAX_BYTES, PREVIOUS, read_catalog

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Catalogs of templates and Python code: their words are inserted into HTML as they are.
CODE_CATALOGS = frozenset({"sphinx", "icjc"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_BROKEN = (
    ": keep the English's markup exactly (the same links, bold, italics, code, roles and "
    "{placeholders}); change only the words"
)


def reported(problem: Problem) -> str:
    """One line, as GitHub's problem matcher reads it on the file's line."""
    level = "ERROR" if problem.blocking else "notice"
    return f"{problem.location()}: {level}: {shown(problem.message, 2000)}"


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
            if change := " and ".join(f"{verb} {plain(c)}" for verb, c in diff.items() if c):
                yield problem(message, f"the French (msgstr) {change}{_BROKEN}", blocking=True)
    for message in catalog:
        if message.id and message.fuzzy:
            comments = "\n".join(c[1:].strip() for c in message.user_comments if c[:1] == "|")
            old = PREVIOUS.search(comments)  # Babel keeps "#| msgid" as a comment
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
