"""Read ``members/members.yaml`` into typed members, or every problem, each at its line.

The passes (the file, its YAML, the schema, the other rules) run in turn, each only when
the one before found nothing, so that each mistake is reported once.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from babel import Locale

from icjc.safety import Problem

from .rules import entries, rule_problems
from .schema import read_schema, schema_problems
from .text_policy import clean, describe, forbidden_in_file
from .yaml_reader import MembersFileError, read_document

#: The text fields of a member, in the order ``members.json`` lists them.
TEXT_FIELDS = (
    "id", "name", "name_language", "city", "region", "country", "country_code", "url", "logo",
    "description",
)  # fmt: skip
#: Fields that may give one value per language ({en: The Hague, fr: La Haye}).
LOCALIZED_FIELDS = frozenset({"name", "city", "region"})
#: The language of plain values, and of names without ``name_language``.
SOURCE_LANGUAGE = "en"
COORDINATES = ("lat", "lon")
#: Sphinx prints ``[icjc.members]`` after each message; the quick check prints the same.
WARNING_SUBTYPE = "members"
#: The members of each build, by its environment (Sphinx's ``env``): set when the builder
#: starts, before parallel readers fork, so that every page and process sees the same.
SITE_MEMBERS: WeakKeyDictionary[Any, tuple[Member, ...]] = WeakKeyDictionary()
#: Two hundred members take about 40 kB; a file fifty times that is a mistake.
MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Member:
    """One member organisation, as listed in ``members/members.yaml``."""

    id: str
    name: str
    city: str
    country: str  # its name in the build's language (CLDR, through Babel)
    country_code: str  # ISO 3166, as the file gives it
    region: str | None = None
    url: str | None = None
    logo: str | None = None
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    name_language: str = SOURCE_LANGUAGE
    line: int = 0

    @property
    def address(self) -> str:
        """ "Chicago, Illinois, USA"; « Chicago (Illinois), États-Unis » in French (icjc.po)."""
        from icjc.languages.catalog import _  # the quick check runs without Sphinx's setup

        pattern = _("{city}, {region}, {country}") if self.region else _("{city}, {country}")
        return str(pattern).format(city=self.city, region=self.region, country=self.country)

    @property
    def anchor(self) -> str:  # the permanent HTML id of the member's card
        return f"member-{self.id}"

    @property
    def on_map(self) -> bool:
        return self.lat is not None and self.lon is not None

    def name_classes(self, page_language: str) -> list[str]:
        """``language-fr`` on a French name on an English page: docutils writes it as ``lang``."""
        return [] if self.name_language == page_language else [f"language-{self.name_language}"]

    def as_json(self) -> dict[str, object]:
        public = (*TEXT_FIELDS, *COORDINATES)
        return {name: getattr(self, name) for name in public if getattr(self, name) is not None}


def load_members(
    path: Path, schema_path: Path, source_dir: Path, language: str = SOURCE_LANGUAGE
) -> tuple[Member, ...]:
    """The members in file order, in ``language``, or MembersFileError."""
    schema = None
    try:
        schema = read_schema(read_text(schema_path, None, schema_path.name), schema_path.name)
        text = read_text(path, source_dir)
        if all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
            raise _stop("the file is empty: it must start with `members:` and list the members")
        document = read_document(text)
        if document.problems:
            raise MembersFileError(document.problems)
        problems = schema_problems(document, schema)
    except MembersFileError as error:  # a schema's problem names the schema file
        where, site = schema_path.absolute(), source_dir.absolute()
        where = where.relative_to(site) if where.is_relative_to(site) else where
        problems = [
            Problem(p.line, p.message, where.as_posix()) if p.file or schema is None else p
            for p in error.problems
        ]
        raise MembersFileError(problems) from None
    # The rules only once the schema is met: one message per mistake, not its echoes.
    problems = problems or rule_problems(document, source_dir)
    if problems:
        raise MembersFileError(problems)
    return tuple(
        _member(entry, document.line_of(where), language) for where, entry in entries(document)
    )


def language_of(value: object, language: str) -> str | None:
    """Which language's value a build shows: its own, else English, else the first; None
    for plain text."""
    if not isinstance(value, dict) or not value:
        return None
    if language in value:
        return language
    return SOURCE_LANGUAGE if SOURCE_LANGUAGE in value else str(next(iter(value)))


def in_language(value: object, language: str) -> object:
    chosen = language_of(value, language)
    return value if chosen is None else value[chosen]  # type: ignore[index]  # a dict


def _member(entry: dict[str, Any], line: int, language: str) -> Member:
    values = {
        key: in_language(entry.get(key), language) if key in LOCALIZED_FIELDS else entry.get(key)
        for key in TEXT_FIELDS
    }
    fields: dict[str, Any] = {k: clean(v) or None for k, v in values.items() if isinstance(v, str)}
    fields["name_language"] = language_of(entry["name"], language) or entry.get(
        "name_language", SOURCE_LANGUAGE
    )
    fields |= {key: float(entry[key]) for key in COORDINATES if entry.get(key) is not None}
    code = fields["country_code"] = entry["country"]
    country = str(Locale.parse(language).territories.get(code, code))  # CLDR's name
    return Member(**fields | {"country": country}, line=line)


def _stop(message: str, line: int = 1) -> MembersFileError:
    return MembersFileError([Problem(line, message)])


#: What each way a file cannot be opened means to a contributor.
_CANNOT_OPEN = {
    errno.ENOENT: "is missing (or a link to a file that does not exist): restore it from the "
    "main branch",
    errno.ELOOP: "is a link that leads back to itself: replace it with the file itself",
    errno.EACCES: "cannot be read (permission denied): make it readable (chmod a+r)",
    errno.EISDIR: "is a folder, not a file: move the folder away and restore the file",
}


def read_text(path: Path, source_dir: Path | None, what: str = "the members file") -> str:
    """The file's text, with ``\\n`` line ends and no BOM, or MembersFileError."""
    try:
        resolved = path.resolve(strict=True)
        if resolved.is_dir():
            raise IsADirectoryError(errno.EISDIR, "")
        if not resolved.is_file():
            raise _stop(f"{what} is not a regular file (a device or a pipe): restore the file")
        if source_dir is not None and not resolved.is_relative_to(source_dir.resolve()):
            raise _stop(f"{what} is a link to a file outside the site's folder: put the file there")
        if resolved.stat().st_size > MAX_BYTES:
            raise _stop(f"{what} is larger than 2 MB: it should hold only the members' entries")
        raw = resolved.read_bytes()
    except (OSError, RuntimeError) as error:  # RuntimeError: a link loop, on Python 3.11
        code = getattr(error, "errno", None) or errno.ELOOP
        fallback = f"cannot be read ({os.strerror(code).lower()}): restore it from the main branch"
        raise _stop(f"{what} {_CANNOT_OPEN.get(code, fallback)}") from None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise _stop(
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02X} on this line): "
            "save it with the UTF-8 encoding in your editor",
            raw.count(b"\n", 0, error.start) + 1,
        ) from None
    problems = [
        Problem(number, f"this line holds {describe(found[0])}, invisible or misleading: delete it")
        for number, line in enumerate(text.split("\n"), start=1)
        if not line.isprintable() and (found := [ch for ch in line if forbidden_in_file(ch)])
    ]
    if problems:
        raise MembersFileError(problems)
    return text
