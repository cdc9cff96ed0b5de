"""Who subscribes: a citizen (CPR number) or a business (CVR number), validated before anything is stored.

CPR numbers are checked by the login's own check (cms/sso/cpr.py), which this module only words in Danish
for typed-in numbers (spaces and dashes allowed anywhere). A signed-in citizen becomes a Subscriber with
``Subscriber.from_citizen(citizen)``: the number comes from their session, encrypted, and is never typed in.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from cms.sso import cpr as cpr_numbers
from cms.sso.citizen import Citizen, cpr_number

CPR, CVR = "cpr", "cvr"
KIND_CHOICES = [(CPR, "Borger (CPR)"), (CVR, "Virksomhed (CVR)")]
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_SEPARATORS = re.compile(r"[\s-]")
_CPR_MESSAGES = {
    cpr_numbers.LENGTH: "Et CPR-nummer består af 10 cifre (DDMMÅÅ-XXXX).",
    cpr_numbers.DATE: "CPR-nummerets første 6 cifre skal være en gyldig dato (DDMMÅÅ).",
}


def normalise_cpr(value: str) -> str:
    """Ten digits, or a ValidationError saying what is wrong. Accepts "DDMMYY-SSSS" and spaces.

    There is no modulus-11 check: CPR numbers issued since 2007 need not satisfy it.
    """
    try:
        return cpr_numbers.normalise_cpr(_SEPARATORS.sub("", str(value or "")))
    except cpr_numbers.InvalidCPR as exc:
        raise ValidationError(_CPR_MESSAGES[exc.code], code=exc.code) from None


def normalise_cvr(value: str) -> str:
    """Eight digits that pass the modulus-11 check, or a ValidationError."""
    number = _SEPARATORS.sub("", str(value or ""))
    if not number.isascii() or not number.isdigit() or len(number) != 8:
        raise ValidationError("Et CVR-nummer består af 8 cifre.", code="cvr_length")
    if number[0] == "0" or sum(int(d) * w for d, w in zip(number, CVR_WEIGHTS)) % 11:
        raise ValidationError("CVR-nummeret er ikke gyldigt (kontrolcifferet passer ikke).", code="cvr_checksum")
    return number


_NORMALISERS = {CPR: normalise_cpr, CVR: normalise_cvr}


@dataclass(frozen=True)
class Subscriber:
    """A validated identity. The number never appears in repr(), so it cannot end up in a log line."""

    kind: str
    number: str = field(repr=False)

    def __post_init__(self):
        normalise = _NORMALISERS.get(self.kind)
        if normalise is None:
            raise ValidationError("Abonnenten skal være en borger (CPR) eller en virksomhed (CVR).", code="kind")
        object.__setattr__(self, "number", normalise(self.number))

    @classmethod
    def cpr(cls, number: str) -> "Subscriber":
        return cls(CPR, number)

    @classmethod
    def cvr(cls, number: str) -> "Subscriber":
        return cls(CVR, number)

    @classmethod
    def from_citizen(cls, citizen: Citizen) -> "Subscriber":
        """The signed-in citizen (cms.sso.citizen.current_citizen). Raises cms.sso.citizen.CitizenSessionInvalid
        when their session's encrypted number no longer opens (they must sign in again)."""
        return cls(CPR, cpr_number(citizen))

    @property
    def memo_id_type(self) -> str:
        """MeMo's Recipient/idType."""
        return self.kind.upper()
