"""Where a citizen lives: ``PersonRegister.municipality_for(cpr) -> "751" | None``.

The adapter is chosen by the setting PERSON_REGISTER_ADAPTER (a dotted path to a PersonRegister subclass).
Development and tests use DevelopmentPersonRegister; the real CPR lookup (the CPR register through
Serviceplatformen) is not built yet, and CprServicePersonRegister says so.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from content_models.models import Municipality


class PersonRegister:
    def municipality_for(self, cpr: str) -> str | None:
        """The 3-digit code of the municipality where the person lives, or None (abroad, unknown)."""
        raise NotImplementedError


class DevelopmentPersonRegister(PersonRegister):
    """Test persons for development and tests; never configure it in production.

    Known test numbers map as in TEST_PERSONS (None: registered as living abroad). Any other valid number
    lives in the municipality picked by its last four digits from the municipalities in the database, so
    every test person has a stable municipality.
    """

    TEST_PERSONS: dict[str, str | None] = {
        "0101701234": "101",  # København
        "0202802345": "751",  # Aarhus
        "0303903456": "461",  # Odense
        "0404004567": "851",  # Aalborg
        "0505055678": None,  # udrejst
    }

    def municipality_for(self, cpr: str) -> str | None:
        if cpr in self.TEST_PERSONS:
            return self.TEST_PERSONS[cpr]
        codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
        return codes[int(cpr[-4:]) % len(codes)] if codes else None


class CprServicePersonRegister(PersonRegister):
    """The CPR register through Serviceplatformen (PersonBaseDataExtended): out of scope so far."""

    def municipality_for(self, cpr: str) -> str | None:
        raise NotImplementedError(
            "Opslag i CPR-registret (Serviceplatformen) er ikke implementeret endnu. Sæt PERSON_REGISTER_ADAPTER "
            "til en adapter, der kan slå bopælskommunen op."
        )


def person_register() -> PersonRegister:
    return import_string(settings.PERSON_REGISTER_ADAPTER)()
