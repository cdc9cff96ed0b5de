"""Deprecated fields of the public schema, each declared once with its replacement and sunset date.

A type declares a deprecated field with ``deprecation_reason=deprecation_reason("Type", "field")``; the text ends
with "Sunset: YYYY-MM-DD.", so schema.graphql carries the date in a form tools can read (``sunset_in``), and the
CI check (manage.py check_schema_contract) can tell from the last release's schema alone whether a field that is
gone was allowed to go. Until the sunset a deprecated field works and its use is counted per partner key
(syndication/deprecations/); from the sunset on a query that selects it is refused with FIELD_SUNSET.
"""

import re
from dataclasses import dataclass
from datetime import date

SUNSET = re.compile(r"Sunset: (\d{4}-\d{2}-\d{2})\.")


@dataclass(frozen=True)
class Deprecation:
    type_name: str
    field_name: str
    reason: str  # what to use instead, in a sentence (English, as the schema)
    reason_da: str  # the same in Danish, for the notices to partners' contacts
    sunset: date
    replacement: str = ""  # the field to use instead, if one field replaces it

    @property
    def coordinate(self) -> str:
        return f"{self.type_name}.{self.field_name}"

    @property
    def schema_reason(self) -> str:
        return f"{self.reason} Sunset: {self.sunset.isoformat()}."

    def is_past_sunset(self, today: date) -> bool:
        return today >= self.sunset


DEPRECATIONS = (
    Deprecation(
        "Municipality", "code4",
        "Use `code`, the official 3-digit municipality code; pad it with a zero where a 4-digit code is needed.",
        "Brug feltet code, den officielle kommunekode med tre cifre, og sæt selv et nul foran, hvor der skal "
        "bruges fire.",
        date(2027, 6, 30), replacement="code",
    ),
)
BY_COORDINATE = {deprecation.coordinate: deprecation for deprecation in DEPRECATIONS}


def deprecation_reason(type_name: str, field_name: str) -> str:
    """The @deprecated(reason) of a declared deprecation (KeyError for an undeclared one: declare it above)."""
    return BY_COORDINATE[f"{type_name}.{field_name}"].schema_reason


def sunset_in(reason: str | None) -> date | None:
    """The sunset date written in a deprecation reason, if any."""
    match = SUNSET.search(reason or "")
    return date.fromisoformat(match.group(1)) if match else None
