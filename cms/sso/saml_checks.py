"""OIOSAML 3.0.3 checks on a response pysaml2 has verified, and the identity it carries.

pysaml2 verifies signatures, the InResponseTo binding, time conditions and (when present) audience and
destination. OIOSAML makes some of those elements mandatory, so they are required here: the Destination, an
AudienceRestriction naming us, a Recipient on every subject confirmation, a NotOnOrAfter (which also bounds how
long the assertion ID is remembered against replay), the issuer we sent the request to, and an NSIS level of
assurance of at least Substantial.
"""

import calendar
import time
import uuid

from . import oiosaml, privileges
from .errors import SSOError
from .identity import PersonIdentity, ProfessionalIdentity


def _epoch(timestamp: str) -> float:
    from saml2.time_util import str_to_time

    return calendar.timegm(str_to_time(timestamp))


def _text(element) -> str:
    return (getattr(element, "text", None) or "").strip()


def check_envelope(response, *, issuer: str, entity_id: str, acs_url: str, clock_skew: int) -> float:
    """Raise SSOError unless the response meets OIOSAML's rules; return the assertion's NotOnOrAfter (epoch)."""
    if _text(response.response.issuer) not in ("", issuer):
        raise SSOError("wrong_issuer", "response issuer")
    if (response.response.destination or "") != acs_url:
        raise SSOError("wrong_recipient", "destination")
    assertion = response.assertion
    if assertion is None:
        raise SSOError("invalid_response", "no assertion")
    if _text(assertion.issuer) != issuer:
        raise SSOError("wrong_issuer", "assertion issuer")

    conditions = assertion.conditions
    audiences = {
        _text(audience)
        for restriction in (conditions.audience_restriction if conditions else [])
        for audience in restriction.audience
    }
    if entity_id not in audiences:
        raise SSOError("wrong_audience")

    limits = [conditions.not_on_or_after] if conditions and conditions.not_on_or_after else []
    confirmations = assertion.subject.subject_confirmation if assertion.subject else []
    if not confirmations:
        raise SSOError("invalid_response", "no subject confirmation")
    for confirmation in confirmations:
        data = confirmation.subject_confirmation_data
        if data is None or (data.recipient or "") != acs_url:
            raise SSOError("wrong_recipient", "subject confirmation recipient")
        if data.not_on_or_after:
            limits.append(data.not_on_or_after)
    if not limits:
        raise SSOError("invalid_response", "no NotOnOrAfter")
    not_on_or_after = min(_epoch(limit) for limit in limits)
    if not_on_or_after + clock_skew <= time.time():
        raise SSOError("expired")
    return not_on_or_after


def assurance_level(response) -> str:
    """The NSIS LoA from the loa attribute and the AuthnContextClassRef; the lower one when they differ."""
    found = [oiosaml.loa_name(value) for value in (response.ava or {}).get(oiosaml.LOA_ATTRIBUTE, [])]
    found += [oiosaml.loa_name(class_ref) for class_ref, _authorities, _instant in response.authn_info()]
    levels = [level for level in found if level]
    if not levels:
        raise SSOError("missing_attributes", "no NSIS level of assurance")
    level = min(levels, key=oiosaml.LEVELS.index)
    if not oiosaml.meets(level):
        raise SSOError("loa_too_low", f"loa={level}")
    return level


def _one(ava: dict, name: str) -> str:
    values = ava.get(name) or []
    return str(values[0]).strip() if values else ""


def professional_identity(response, source: str = "nemlogin") -> ProfessionalIdentity:
    loa = assurance_level(response)
    ava = response.ava or {}
    subject, cvr = _one(ava, oiosaml.PROFESSIONAL_UUID), _one(ava, oiosaml.CVR)
    missing = [name for name, value in (("uuid", subject), ("cvr", cvr)) if not value]
    if missing:
        raise SSOError("missing_attributes", f"missing {','.join(missing)}")
    if not (len(cvr) == 8 and cvr.isascii() and cvr.isdigit()):
        raise SSOError("missing_attributes", "malformed cvr")
    try:
        # NemLog-in sends "urn:uuid:<uuid>"; the canonical form keeps one user per person.
        subject = str(uuid.UUID(subject.removeprefix("urn:uuid:")))
    except ValueError:
        raise SSOError("missing_attributes", "malformed persistent uuid") from None
    return ProfessionalIdentity(
        source=source, subject=subject, cvr=cvr, organisation_name=_one(ava, oiosaml.ORGANISATION_NAME),
        loa=loa, first_name=_one(ava, oiosaml.FIRST_NAME),
        last_name=_one(ava, oiosaml.LAST_NAME), email=_one(ava, oiosaml.EMAIL),
        privileges=privileges.privileges_for([str(v) for v in ava.get(oiosaml.PRIVILEGES) or []], cvr),
        authorized_to_represent=cvr in {str(v).strip() for v in ava.get(oiosaml.AUTHORIZED_TO_REPRESENT) or []},
    )


def person_identity(response, source: str = "nemlogin") -> PersonIdentity:
    loa = assurance_level(response)
    cpr = _one(response.ava or {}, oiosaml.CPR_NUMBER)
    if not cpr:
        raise SSOError("missing_attributes", "missing cpr")
    return PersonIdentity(source=source, cpr=cpr, loa=loa)
