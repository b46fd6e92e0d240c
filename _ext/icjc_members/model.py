"""The member data the site renders, once read and checked, and the problems found in it.

One place for the words every part shares: the fields, the problem type and the warning
type that Sphinx prints after each message (``[icjc.members]``).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The text fields of a member, in the order ``members.json`` lists them.
TEXT_FIELDS = (
    "id", "name", "name_language", "city", "region", "country", "country_code", "url", "logo",
    "description",
)  # fmt: skip
#: Fields that may give one value per language ({en: The Hague, fr: La Haye}).
LOCALIZED_FIELDS = frozenset({"city", "region", "country"})
#: The language of plain values, and of names without ``name_language``.
SOURCE_LANGUAGE = "en"
#: The number fields; they come both or neither.
COORDINATES = ("lat", "lon")
#: Sphinx prints ``[icjc.members]`` after each message; the quick check prints the same.
WARNING_TYPE, WARNING_SUBTYPE = "icjc", "members"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file, at a 1-based line (1 for the whole file).

    ``file`` is empty for the members file, or the path of another file (the schema).
    """

    line: int
    message: str
    file: str = ""

    def location(self, members_file: str) -> str:
        """``members/members.yaml:12``: Sphinx prints a location with a line as it is."""
        return f"{self.file or members_file}:{self.line}"


class MembersFileError(Exception):
    """The members file (or its schema) cannot be used; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the members file")
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line))


@dataclass(frozen=True, slots=True)
class Member:
    """One member organisation, as listed in ``members/members.yaml``."""

    id: str
    name: str
    city: str
    country: str
    region: str | None = None
    country_code: str | None = None
    url: str | None = None
    logo: str | None = None
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    #: The language the name is written in, for the ``lang`` attribute (e.g. "fr").
    name_language: str = SOURCE_LANGUAGE
    #: The country as written in every language the file gives, for ``:country:`` filters.
    country_names: tuple[str, ...] = ()
    line: int = 0

    @property
    def address(self) -> str:
        """The address line shown under the name, in the build's language.

        "Chicago, Illinois, USA" in English, « Chicago (Illinois), États-Unis » in French:
        the pattern is a message of ``icjc.po``, so each language sets its own.
        """
        from icjc_languages.catalog import _  # the quick check runs without Sphinx's setup

        pattern = _("{city}, {region}, {country}") if self.region else _("{city}, {country}")
        return str(pattern).format(city=self.city, region=self.region, country=self.country)

    @property
    def anchor(self) -> str:
        """The permanent HTML id of the member's card on the members page."""
        return f"member-{self.id}"

    @property
    def on_map(self) -> bool:
        return self.lon_lat is not None

    @property
    def lon_lat(self) -> tuple[float, float] | None:
        """The member's map position (longitude, latitude), when the file gives both."""
        return None if self.lon is None or self.lat is None else (self.lon, self.lat)

    def as_json(self) -> dict[str, object]:
        """The public fields, without the source line, for machine-readable output."""
        public = (*TEXT_FIELDS, *COORDINATES)
        return {name: getattr(self, name) for name in public if getattr(self, name) is not None}
