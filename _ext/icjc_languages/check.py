"""Check the translation catalogs: ``make check-translations`` (``python -m icjc_languages.check``).

- Broken markup fails: a translation must keep its source's links, roles, emphasis, inline
  code, attributes, substitutions and ``{placeholders}``. Sphinx renders broken markup as
  literal text without a warning, so this is the only place it is caught.
- Missing French (catalogs older than the English sources, untranslated or fuzzy entries) is
  a notice: the English site never waits for a translation. ``--strict`` (a release) makes
  it fail too.

Under GitHub Actions each problem is also written as an ``::error`` or ``::notice`` line,
which the pull request shows next to the file.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Catalogs of templates and Python code: only their ``{placeholders}`` are markup.
CODE_CATALOGS = frozenset({"sphinx", "icjc"})
_SUBSTITUTION = re.compile(r"\{\{\s*[^{}]*?\s*\}\}")
_PLACEHOLDER = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})")
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")
_LANGUAGE_CLASS = re.compile(r"^language-[a-z]{2,3}(-[A-Za-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int | None  # babel's line of the message; None only for one built in memory
    message: str
    blocking: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def github_annotation(self) -> str:
        level = "error" if self.blocking else "notice"
        return f"::{level} file={self.path},line={self.line}::{self.message}"


@cache
def _inline_parser() -> MarkdownIt:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions={"attrs_inline", "colon_fence", "attrs_block"})
    return create_md_parser(config, RendererHTML)


def markup(text: str, *, myst: bool) -> Counter[str]:
    """The markup in a message, as a multiset of readable items; the words are left out."""
    items: Counter[str] = Counter()
    items.update(f"substitution {found}" for found in _SUBSTITUTION.findall(text))
    items.update(f"placeholder {found}" for found in _PLACEHOLDER.findall(text))
    if not myst:
        return items
    for block in _inline_parser().parseInline(text):
        for token in block.children or ():
            items.update(_describe(token))
    return items


def _describe(token: Token) -> Iterator[str]:
    attrs = {key: value for key, value in token.attrs.items() if key != "class"}
    classes = str(token.attrs.get("class", "")).split()
    if token.type.startswith("span_") and classes and all(map(_LANGUAGE_CLASS.match, classes)):
        return  # a language tag ({.language-en}) that a translation may add
    if token.type == "myst_role":
        # `title <target>`: the title is words to translate, the target is not.
        target = _EXPLICIT_TARGET.search(token.content)
        content = f"... <{target.group(1)}>" if target else token.content
        yield f"role {{{token.meta.get('name')}}}`{content}`"
    elif token.type == "code_inline":
        yield f"code `{token.content}`"
    elif token.type.endswith("_open"):
        described = token.type.removesuffix("_open")
        if attrs:
            described += " " + " ".join(f"{key}={value}" for key, value in sorted(attrs.items()))
        if classes:
            described += " ." + " .".join(classes)
        yield described


def markup_problems(path: Path, catalog: Catalog) -> Iterator[Problem]:
    myst = path.stem not in CODE_CATALOGS
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        source = markup(str(message.id), myst=myst)
        translation = markup(str(message.string), myst=myst)
        if source != translation:
            lost = ", ".join(sorted((source - translation).elements()))
            added = ", ".join(sorted((translation - source).elements()))
            details = "; ".join(
                part
                for part in (f"lost: {lost}" if lost else "", f"added: {added}" if added else "")
                if part
            )
            yield Problem(
                path,
                message.lineno,
                f"the translation's markup differs from the English ({details})",
                blocking=True,
            )


def completeness_problems(
    path: Path, catalog: Catalog, template_ids: set[str] | None, *, strict: bool
) -> Iterator[Problem]:
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            yield Problem(
                path,
                message.lineno,
                "fuzzy: check the translation, then remove the 'fuzzy' mark",
                strict,
            )
        elif not message.string:
            yield Problem(path, message.lineno, f"not translated yet: {_short(message)}", strict)
    if template_ids is not None:
        missing = template_ids - {str(message.id) for message in catalog if message.id}
        if missing:
            yield Problem(
                path,
                1,
                f"out of date: {len(missing)} English text(s) not in the catalog; "
                "run `make translations`",
                strict,
            )


def _short(message: Message) -> str:
    text = str(message.id).replace("\n", " ")
    return repr(text if len(text) <= 60 else text[:57] + "...")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def check(locale_dir: Path, pot_dir: Path | None, *, strict: bool) -> list[Problem]:
    """Every problem in the ``.po`` files under ``locale_dir`` (an ``LC_MESSAGES`` folder)."""
    problems: list[Problem] = []
    for path in sorted(locale_dir.rglob("*.po")):
        catalog = read_catalog(path)
        template_ids = None
        if pot_dir is not None:
            template = pot_dir / path.relative_to(locale_dir).with_suffix(".pot")
            if template.is_file():
                template_ids = {str(m.id) for m in read_catalog(template) if m.id}
        problems += markup_problems(path, catalog)
        problems += completeness_problems(path, catalog, template_ids, strict=strict)
    if pot_dir is not None:
        for template in sorted(pot_dir.rglob("*.pot")):
            expected = locale_dir / template.relative_to(pot_dir).with_suffix(".po")
            if not expected.is_file():
                problems.append(
                    Problem(expected, 1, "missing catalog: run `make translations`", strict)
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locale_dirs", nargs="+", type=Path, help="LC_MESSAGES folders")
    parser.add_argument("--pot-dir", type=Path, help="the .pot files of `make translations`")
    parser.add_argument("--strict", action="store_true", help="missing French fails too")
    args = parser.parse_args(argv)
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    problems = [p for d in args.locale_dirs for p in check(d, args.pot_dir, strict=args.strict)]
    for problem in problems:
        print(f"{'ERROR' if problem.blocking else 'notice'}: {problem}")
        if on_github:
            print(problem.github_annotation())
    blocking = sum(problem.blocking for problem in problems)
    notices = len(problems) - blocking
    print(f"Translations: {blocking} error(s), {notices} notice(s).")
    if notices and not blocking:
        print("The English site is not held back: missing French is published in English.")
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())
