"""Who subscribes: a citizen (CPR number) or a business (CVR number), validated before anything is stored."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

CPR, CVR = "cpr", "cvr"
KIND_CHOICES = [(CPR, "Borger (CPR)"), (CVR, "Virksomhed (CVR)")]
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_SEPARATORS = re.compile(r"[\s-]")


def _century(seventh_digit: int, yy: int) -> int:
    """The CPR office's rule: the 7th digit and the two-digit year give the century of birth."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def normalise_cpr(value: str) -> str:
    """Ten digits, or a ValidationError saying what is wrong. Accepts "DDMMYY-SSSS".

    There is no modulus-11 check: CPR numbers issued since 2007 need not satisfy it.
    """
    number = _SEPARATORS.sub("", str(value or ""))
    if not number.isdigit() or len(number) != 10:
        raise ValidationError("Et CPR-nummer består af 10 cifre (DDMMÅÅ-XXXX).", code="cpr_length")
    day, month, yy = int(number[0:2]), int(number[2:4]), int(number[4:6])
    try:
        date(_century(int(number[6]), yy) + yy, month, day)
    except ValueError:
        raise ValidationError(
            "CPR-nummerets første 6 cifre skal være en gyldig dato (DDMMÅÅ).", code="cpr_date"
        ) from None
    return number


def normalise_cvr(value: str) -> str:
    """Eight digits that pass the modulus-11 check, or a ValidationError."""
    number = _SEPARATORS.sub("", str(value or ""))
    if not number.isdigit() or len(number) != 8:
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

    @property
    def memo_id_type(self) -> str:
        """MeMo's Recipient/idType."""
        return self.kind.upper()
