"""Where a citizen lives: ``person_register().residence(cpr) -> Residence``, never raising.

The adapter is chosen by the setting PERSON_REGISTER_ADAPTER (a dotted path to a PersonRegister subclass).
Development and tests use DevelopmentPersonRegister; production uses CprServicePersonRegister, the CPR register
through Serviceplatformen (SF1520 PersonBaseDataExtended, cms/sso/sf1520_client.py).

A lookup that fails (service down, time-out, unknown person, protected address, a municipality code the
portal does not know) is not a failed login: the citizen is signed in without a municipality and told to
choose one by hand (``Residence.lookup`` says which case it was, in words fit for them).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from content_models.models import Municipality

from . import sf1520_messages as sf1520

logger = logging.getLogger("cms.sso")

# Residence.lookup: what the citizen is told (the session keeps only this word and the code).
FOUND = "found"  # the register names one of the 98 municipalities
ABROAD = "abroad"  # registered as living abroad: no local content from the login
NOT_FOUND = "not_found"  # no usable municipality (unknown person, protected address, unknown code)
UNAVAILABLE = "unavailable"  # the register could not be asked (down, slow, refused, breaker open)
LOOKUP_RESULTS = (FOUND, ABROAD, NOT_FOUND, UNAVAILABLE)


@dataclass(frozen=True)
class Residence:
    municipality_code: str | None  # "751" when lookup is FOUND, else None
    lookup: str = FOUND


def known_municipality(code: str | None) -> Residence:
    """``code`` as a Residence, when it is one of the portal's municipalities; NOT_FOUND otherwise."""
    if code and Municipality.objects.filter(code=code).exists():
        return Residence(code, FOUND)
    if code:
        logger.warning("person register named a municipality code the portal does not know",
                       extra={"person_register_reason": "unknown_municipality_code"})
    return Residence(None, NOT_FOUND)


class PersonRegister:
    def residence(self, cpr: str) -> Residence:
        """Where the person with this (valid, normalised) CPR number lives. Never raises."""
        raise NotImplementedError

    def municipality_for(self, cpr: str) -> str | None:
        """The 3-digit code of the municipality where the person lives, or None (abroad, unknown, failed)."""
        return self.residence(cpr).municipality_code


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
    # A test person whose lookup fails as if the CPR service were down (to try the "choose by hand" journey).
    UNAVAILABLE_PERSON = "0606066789"

    def residence(self, cpr: str) -> Residence:
        if cpr == self.UNAVAILABLE_PERSON:
            return Residence(None, UNAVAILABLE)
        if cpr in self.TEST_PERSONS:
            code = self.TEST_PERSONS[cpr]
            return known_municipality(code) if code else Residence(None, ABROAD)
        codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
        return Residence(codes[int(cpr[-4:]) % len(codes)], FOUND) if codes else Residence(None, NOT_FOUND)


class CprServicePersonRegister(PersonRegister):
    """The CPR register through Serviceplatformen: SF1520 PersonLookup over mutual TLS (see the README for the
    CPR_SERVICE_* settings). Only the municipality code is used, and only for the length of the session."""

    def residence(self, cpr: str) -> Residence:
        from . import sf1520_client  # requests and lxml load only where the lookup is used

        if not is_configured():
            logger.error("person register not configured: set CPR_SERVICE_URL and the CPR_SERVICE_* UUIDs",
                         extra={"person_register_reason": "not_configured"})
            return Residence(None, UNAVAILABLE)
        try:
            answer = sf1520_client.configured_client().lookup(cpr)
        except sf1520_client.Unavailable as exc:
            logger.warning("person register unavailable: %s", exc, extra={"person_register_reason": str(exc)})
            return Residence(None, UNAVAILABLE)
        if answer.outcome == sf1520.FOUND:
            return known_municipality(answer.municipality_code)
        if answer.outcome == sf1520.ABROAD:
            return Residence(None, ABROAD)
        # Unknown person, protected address, no current address: the same to the citizen and in the log.
        logger.info("person register has no municipality for the citizen",
                    extra={"person_register_reason": "no_municipality"})
        return Residence(None, NOT_FOUND)


def is_configured() -> bool:
    return bool(settings.CPR_SERVICE_URL) and all((
        settings.CPR_SERVICE_AGREEMENT_UUID, settings.CPR_SERVICE_USER_SYSTEM_UUID, settings.CPR_SERVICE_USER_UUID,
        settings.CPR_SERVICE_UUID,
    ))


def person_register() -> PersonRegister:
    return import_string(settings.PERSON_REGISTER_ADAPTER)()
