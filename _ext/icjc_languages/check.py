"""Check the translation catalogs: ``make check-translations`` and every French build.

A translation may change the words of the site, never what it does: a catalog that adds or
drops markup, a link, HTML or a ``{placeholder}``, or that cannot be read, stops the build
with one located message (``file.po:LINE``) instead of publishing it. Sphinx would show
broken markup to readers without a warning, and a template's words land in the HTML as
they are.

Missing French (untranslated, fuzzy, or English that changed since the catalog was updated)
is a notice: the English site never waits for a translation. ``--strict`` (a release)
makes it fail too. ``--update`` (``make translations``) brings the catalogs up to date and
keeps the old English of a changed sentence beside it (``#| msgid``).

Nothing a file holds is printed unless it was read as a catalog, and every printed value is
escaped, so no file can add a line to a log or a GitHub annotation.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
import io
import os
import re
import runpy
import stat
import string
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, denormalize, read_po, write_po

if TYPE_CHECKING:
    from markdown_it.token import Token
    from myst_parser.config.main import MdParserConfig
    from sphinx.config import Config

#: Catalogs of templates and Python code: their words are inserted into HTML as they are.
CODE_CATALOGS = frozenset({"sphinx", "icjc"})
#: Characters that would make a template's words HTML.
HTML_CHARACTERS = '<>"&'
LINK_SCHEMES = frozenset({"", "http", "https", "mailto"})
MAX_BYTES = 1_000_000
#: Lines are not wrapped, so that a changed sentence is one line in a diff. (Babel wraps
#: the previous English at 76 columns when told not to wrap.)
LINE_WIDTH = MAX_BYTES
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(
    rf"\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)\s+{_STRING}|{_STRING})?\s*"
)
_STRING_LINE = re.compile(_STRING)
# Babel makes a list of ``nplurals`` items per message: a huge number would never end.
_PLURAL_FORMS = re.compile(
    r'"Plural-Forms:\s*nplurals=[1-6];\s*plural=[-n0-9 ()?:<>=!&|%]{1,200};?(\\n)?"'
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SUBSTITUTION = re.compile(r"\{\{\s*[^{}]*?\s*\}\}")
_PLACEHOLDER = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})")
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")
_LANGUAGE_CLASS = re.compile(r"^language-[a-z]{2,3}(-[A-Za-z0-9]+)*$")
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
    "substitution": "a substitution",
    "character": "the character",
}


def shown(text: object, limit: int = 120) -> str:
    """``text`` safe to print: one line, invisible and control characters escaped."""
    value = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    blocking: bool

    def __str__(self) -> str:
        level = "ERROR" if self.blocking else "notice"
        return f"{shown(self.path, 300)}:{self.line}: {level}: {shown(self.message, 2000)}"

    def github_annotation(self) -> str:
        def data(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        path = data(shown(self.path, 300)).replace(":", "%3A").replace(",", "%2C")
        level = "error" if self.blocking else "notice"
        return f"::{level} file={path},line={self.line}::{data(shown(self.message, 2000))}"


# -- Reading a catalog -------------------------------------------------------------------


@dataclass
class ReadCatalog:
    catalog: Catalog
    msgstr_lines: dict[int, int]  # the msgid line (Babel's lineno) -> its msgstr line
    previous: dict[int, str]  # the msgid line -> the old English (``#| msgid``)

    def msgstr_line(self, message: Message) -> int:
        line = message.lineno or 1
        return self.msgstr_lines.get(line, line)


def read_catalog(path: Path, name: str) -> tuple[ReadCatalog | None, list[Problem]]:
    """Read a ``.po`` file strictly; ``name`` is how messages name it."""

    def refuse(line: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, message, blocking=True)]

    try:
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode):
            return refuse(1, _LINKED)
        if not stat.S_ISREG(status.st_mode):
            return refuse(1, "is not a plain file: a catalog must be a plain file in locale/")
        if status.st_size > MAX_BYTES:
            return refuse(1, f"is larger than {MAX_BYTES:,} bytes: split or shorten it")
        data = path.read_bytes()
    except OSError as error:
        return refuse(1, f"cannot be read ({error.strerror})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return refuse(data[: error.start].count(b"\n") + 1, "is not UTF-8: save it as UTF-8")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    msgstr_lines: dict[int, int] = {}
    previous: dict[int, str] = {}
    old: list[str] = []  # Babel skips "#| msgid" lines: they are read here
    entry = 0
    for number, line in enumerate(lines, 1):
        comment = line.strip().removeprefix("#|").strip()
        if comment != line.strip():
            keyword, _, value = comment.partition(" ")
            if keyword == "msgid" or (old and _STRING_LINE.fullmatch(comment)):
                old.append(value.strip() if keyword == "msgid" else comment)
        if not _LINE.fullmatch(line):
            return refuse(
                number,
                'this line is not a catalog line: each text is in double quotes ("…"), '
                'closed on the same line, after msgid or msgstr; a " inside is written \\"',
            )
        keyword = line.strip().split(" ", 1)[0]
        if keyword == "msgid":
            entry = number
            if old and all(_STRING_LINE.fullmatch(part) for part in old):
                previous[number] = denormalize("\n".join(old))
            old = []
        elif keyword.startswith("msgstr") and entry not in msgstr_lines:
            msgstr_lines[entry] = number
    plural_forms = _header_line(lines, "Plural-Forms")
    if lines[plural_forms - 1].startswith('"Plural') and not _PLURAL_FORMS.fullmatch(
        lines[plural_forms - 1]
    ):
        return refuse(plural_forms, _PLURAL_ADVICE)
    try:
        catalog = read_po(lines, abort_invalid=True)
    except PoFileError as error:
        return refuse(error.lineno + 1, "this entry is incomplete: it needs a msgid and a msgstr")
    except (ValueError, LookupError):
        return refuse(
            _header_line(lines, "msgid"),
            'the header cannot be read: copy the first entry (msgid "") from another catalog',
        )
    charset = (catalog.charset or "").lower().replace("_", "-")
    if charset not in {"utf-8", "utf8"}:
        return refuse(
            _header_line(lines, "Content-Type"),
            "the header must say `Content-Type: text/plain; charset=UTF-8`",
        )
    try:  # what the build does with the file, in memory: a bad Plural-Forms fails here
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        gettext.GNUTranslations(compiled)
    except (ValueError, LookupError, SyntaxError, RecursionError, OverflowError):
        return refuse(plural_forms, _PLURAL_ADVICE)
    return ReadCatalog(catalog, msgstr_lines, previous), []


_LINKED = "is a symbolic link: a catalog must be a plain file in locale/"
_PLURAL_ADVICE = (
    "the header `Plural-Forms` cannot be used: for French write "
    "`Plural-Forms: nplurals=2; plural=(n > 1);`"
)


def _header_line(lines: list[str], field: str) -> int:
    """The line of a header field, or of the header's ``msgid ""``; else 1."""
    start = ('msgid ""',) if field == "msgid" else (f'"{field}:',)
    return next((n for n, line in enumerate(lines, 1) if line.startswith(start)), 1)


def catalog_files(locale_dir: Path, *, build: bool) -> tuple[list[Path], list[Problem]]:
    """The ``.po`` files of one ``LC_MESSAGES`` folder; compiled or linked files refused.

    The build reads no ``.mo`` file from the repository, so only the check refuses them.
    """
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    root = locale_dir.resolve()
    for folder, subfolders, names in os.walk(locale_dir):
        for path in (Path(folder) / name for name in (*subfolders, *names)):
            if path.suffix == ".mo" and not build:
                refused.append((path, "a compiled catalog: delete it (the build compiles the .po)"))
            elif path.is_symlink() or not path.resolve().is_relative_to(root):
                refused.append((path, _LINKED))
            elif path.suffix == ".po":
                files.append(path)
    problems = [Problem(str(path), 1, message, blocking=True) for path, message in refused]
    return sorted(files), problems


# -- Markup ------------------------------------------------------------------------------


def myst_config(values: Mapping[str, Any] | Config) -> MdParserConfig:
    """The pages' MyST settings from conf.py's ``myst_*`` values (a namespace or a Config)."""
    from myst_parser.config.main import MdParserConfig

    return MdParserConfig(
        **{
            name: values[f"myst_{name}"]
            for name, _, field in MdParserConfig().as_triple()
            if "sphinx" not in field.metadata.get("omit", []) and f"myst_{name}" in values
        }
    )


_PARSERS: dict[str, Any] = {}


def _parser(config: MdParserConfig) -> Any:
    """One parser per MyST configuration: creating one is slow."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    key = repr(config)
    if key not in _PARSERS:
        _PARSERS[key] = create_md_parser(config, RendererHTML)
    return _PARSERS[key]


def markup(text: str, config: MdParserConfig | None) -> Counter[str]:
    """The markup in a message, as a multiset of readable items; the words are left out.

    ``config`` None: a template's or our code's words, where HTML characters are markup.
    """
    items: Counter[str] = Counter()
    items.update(f"substitution {found}" for found in _SUBSTITUTION.findall(text))
    if config is None:
        items.update(f"placeholder {found}" for found in _format_fields(text))
        items.update(f"placeholder {found}" for found in _PRINTF.findall(text))
        words = "".join(part for part, *_ in _fields(text)) if "{" in text else text
        items.update(f"character {c}" for c in words if c in HTML_CHARACTERS)
        return items
    items.update(f"placeholder {found}" for found in _PLACEHOLDER.findall(text))
    for token in _parser(config).parse(text):
        for part in (token, *(token.children or ())):
            items.update(_describe(part))
    return items


def _fields(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    try:
        return list(string.Formatter().parse(text))
    except ValueError:
        return [(text, "{ or } on its own", None, None)]


def _format_fields(text: str) -> Iterator[str]:
    for _, field, spec, conversion in _fields(text):
        if field == "{ or } on its own":
            yield field
        elif field is not None:
            yield (
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )


def _describe(token: Token) -> Iterator[str]:
    if token.type in {"text", "softbreak", "inline", "paragraph_open"} or token.nesting < 0:
        return
    attrs = {
        key: value for key, value in token.attrs.items() if key not in {"class", "alt", "title"}
    }
    classes = str(token.attrs.get("class", "")).split()
    if token.type.startswith("span_") and classes and all(map(_LANGUAGE_CLASS.match, classes)):
        return  # a language tag ({.language-en}) that a translation may add
    if token.type == "myst_role":
        # `title <target>`: the title is words to translate, the target is not.
        target = _EXPLICIT_TARGET.search(token.content)
        content = f"... <{target.group(1)}>" if target else token.content
        yield f"role {{{token.meta.get('name')}}}`{content}`"
        return
    described = token.type.removesuffix("_open").removesuffix("_inline").removesuffix("_block")
    if token.type in {"code_inline", "html_inline", "html_block", "math_inline", "fence"}:
        described += f" {token.info or ''}{token.content}".rstrip()
    if attrs:
        described += " " + " ".join(f"{key}={value}" for key, value in sorted(attrs.items()))
    if classes:
        described += " ." + " .".join(classes)
    yield described


def _unsafe_links(text: str, config: MdParserConfig) -> Iterator[str]:
    for token in _parser(config).parse(text):
        for part in token.children or ():
            for key in ("href", "src"):
                url = "".join(str(part.attrs.get(key, "")).split())
                scheme = urlsplit(url).scheme.lower() if ":" in url else ""
                if scheme not in LINK_SCHEMES:
                    yield url


def _plain(items: Counter[str]) -> str:
    words = []
    for item, count in sorted(items.items()):
        kind, _, detail = item.partition(" ")
        word = f"{_PLAIN_WORDS.get(kind, kind)} {detail}".strip()
        words.append(f"{word} ({count} times)" if count > 1 else word)
    return ", ".join(shown(word, 100) for word in words)


def markup_problems(
    name: str, read: ReadCatalog, config: MdParserConfig | None
) -> Iterator[Problem]:
    for message in read.catalog:
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else [*(message.string or ())]
        source = markup(str(ids[-1]), config)
        for translation in filter(None, strings):
            found = markup(str(translation), config)
            line = read.msgstr_line(message)
            if found != source:
                lost, added = source - found, found - source
                parts = [
                    f"lost {_plain(lost)}" if lost else "",
                    f"adds {_plain(added)}" if added else "",
                ]
                yield Problem(
                    name,
                    line,
                    "the French (msgstr) "
                    + " and ".join(part for part in parts if part)
                    + ": keep the English's markup exactly (the same links, bold, italics, "
                    "code, roles and {placeholders}); change only the words",
                    blocking=True,
                )
            elif config is not None:
                for url in _unsafe_links(str(translation), config):
                    yield Problem(
                        name,
                        line,
                        f"the link {shown(url, 80)} is refused: links start with https://, "
                        "http://, mailto: or name a page of the site",
                        blocking=True,
                    )


# -- Missing French ----------------------------------------------------------------------


def english_change(old: str, new: str) -> str:
    """The changed words, and each changed sentence in its old and new English."""

    def changes(before: list[str], after: list[str]) -> Iterator[tuple[str, str]]:
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag != "equal":
                yield " ".join(before[a1:a2]), " ".join(after[b1:b2])

    words = "; ".join(f"«{a}» → «{b}»" for a, b in changes(old.split(), new.split()))
    sentences = " ".join(
        f"Old English: «{shown(a, 400)}» New English: «{shown(b, 400)}»"
        for a, b in changes(_SENTENCE_END.split(old), _SENTENCE_END.split(new))
    )
    return f"the English changed ({shown(words, 300)}). {sentences}"


def completeness_problems(
    name: str, read: ReadCatalog, template: Catalog | None, *, strict: bool
) -> Iterator[Problem]:
    catalog = read.catalog
    for message in catalog:
        if not message.id:
            continue
        line = read.msgstr_line(message)
        if message.fuzzy:
            old = read.previous.get(message.lineno or 0)
            reason = english_change(old, str(message.id)) if old else "marked fuzzy."
            yield Problem(
                name,
                line,
                f"{reason} Correct the French on this line (msgstr), then delete the "
                "`#, fuzzy` line above the entry",
                strict,
            )
        elif not message.string:
            yield Problem(name, line, f"not translated yet: «{shown(message.id, 60)}»", strict)
    if template is None:
        return
    known = {message.id for message in catalog if message.id}
    updated = read_po(io.BytesIO(_serialised(catalog)))
    updated.update(template)
    for message in updated:
        if not message.id or message.id in known:
            continue
        if message.fuzzy and message.previous_id:
            old_message = catalog.get(message.previous_id[0])
            yield Problem(
                name,
                read.msgstr_line(old_message) if old_message else 1,
                english_change(message.previous_id[0], str(message.id))
                + " This text shows in English until the catalog is updated (`make "
                "translations`, or the catalog pull request) and the French on this line "
                "corrected",
                strict,
            )
        else:
            yield Problem(
                name, 1, f"new English, not in the catalog yet: «{shown(message.id, 80)}»", strict
            )
    for message in updated.obsolete.values():
        original = catalog.get(message.id) if message.id in known else None
        if original is not None:
            yield Problem(
                name,
                original.lineno if original and original.lineno else 1,
                "this English (msgid) is no longer on the page: the entry is left out at the "
                "next catalog update",
                strict,
            )


def _serialised(catalog: Catalog) -> bytes:
    output = io.BytesIO()
    write_po(output, catalog, width=LINE_WIDTH, include_previous=True)
    return output.getvalue()


# -- The whole check ---------------------------------------------------------------------


def check(
    locale_dir: Path,
    pot_dir: Path | None,
    config: MdParserConfig,
    *,
    strict: bool = False,
    build: bool = False,
) -> list[Problem]:
    """Every problem in the catalogs of one ``LC_MESSAGES`` folder."""
    files, problems = catalog_files(locale_dir, build=build)
    for path in files:
        read, refused = read_catalog(path, str(path))
        problems += refused
        if read is None:
            continue
        code = path.stem in CODE_CATALOGS and path.parent == locale_dir
        problems += markup_problems(str(path), read, None if code else config)
        template = None
        if pot_dir is not None:
            pot = pot_dir / path.relative_to(locale_dir).with_suffix(".pot")
            if pot.is_file():
                with pot.open("rb") as file:
                    template = read_po(file)
        problems += completeness_problems(str(path), read, template, strict=strict)
    if pot_dir is not None:
        for pot in sorted(pot_dir.rglob("*.pot")):
            expected = locale_dir / pot.relative_to(pot_dir).with_suffix(".po")
            if not expected.is_file():
                problems.append(Problem(str(expected), 1, "no French catalog yet", strict))
    return problems


def update(locale_dir: Path, pot_dir: Path, language: str) -> int:
    """``make translations``: new English in, old English kept beside a changed sentence.

    The number of catalogs that could not be read, and so were left as they are.
    """
    unreadable = 0
    for pot in sorted(pot_dir.rglob("*.pot")):
        with pot.open("rb") as file:
            template = read_po(file)
        path = locale_dir / pot.relative_to(pot_dir).with_suffix(".po")
        if path.is_file():
            read, problems = read_catalog(path, str(path))
            if read is None:
                print(*problems, sep="\n")
                unreadable += 1
                continue
            catalog = read.catalog
            before = {message.id for message in catalog}
            catalog.update(template)
            if before == {message.id for message in catalog}:
                continue
        else:
            catalog = template
            catalog.locale = language
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_serialised(catalog))
        print(f"updated {shown(path)}")
    return unreadable


def conf_values(conf_dir: Path) -> dict[str, Any]:
    """conf.py's settings, as the build reads them (its MyST settings, above all)."""
    from sphinx.util.tags import Tags

    return runpy.run_path(str(conf_dir / "conf.py"), init_globals={"tags": Tags()})


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
    config = myst_config(conf_values(args.conf_dir))
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    problems = [
        p for d in args.locale_dirs for p in check(d, args.pot_dir, config, strict=args.strict)
    ]
    for problem in problems:
        print(problem)
        if on_github:
            print(problem.github_annotation())
    blocking = sum(problem.blocking for problem in problems)
    notices = len(problems) - blocking
    print(f"Translations: {blocking} error(s), {notices} notice(s).")
    if notices and not blocking:
        print("The English site is not held back: missing French is published in English.")
    return 1 if blocking else 0
