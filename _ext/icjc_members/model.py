"""The member data the site renders, once it has been read and checked."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Member:
    """One member organisation, as listed in ``members/members.yaml``."""

    id: str
    name: str
    city: str
    country: str
    region: str | None = None
    url: str | None = None
    logo: str | None = None
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    #: The language the name is written in, for the ``lang`` attribute (e.g. "fr").
    name_language: str = "en"
    line: int = 0

    @property
    def location(self) -> str:
        """The address line shown under the name: "Chicago, Illinois, USA"."""
        return ", ".join(part for part in (self.city, self.region, self.country) if part)

    @property
    def anchor(self) -> str:
        """The permanent HTML id of the member's card on the members page."""
        return f"member-{self.id}"

    def as_json(self) -> dict[str, object]:
        """The public fields, without the source line, for machine-readable output."""
        fields = {
            "id": self.id,
            "name": self.name,
            "city": self.city,
            "region": self.region,
            "country": self.country,
            "url": self.url,
            "logo": self.logo,
            "description": self.description,
            "lat": self.lat,
            "lon": self.lon,
            "name_language": self.name_language,
        }
        return {key: value for key, value in fields.items() if value is not None}
