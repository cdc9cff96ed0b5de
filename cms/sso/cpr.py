"""CPR numbers: the one format check and the keyed hash that stands in for them everywhere after login.

Digital Post checks typed-in CPR numbers with ``normalise_cpr`` too (syndication/digital_post/identity.py adds
its Danish messages), and its subscriptions are looked up by the same hash: ``cpr_hash(cpr)`` is
``keyed_hash("cpr", number)`` (cms/sso/number_crypto.py), HMAC-SHA256 over ``"cpr:<ten digits>"`` with
CPR_HASH_KEY, so a signed-in citizen's ``cpr_hash`` finds their subscriptions.
"""

import datetime

from .number_crypto import keyed_hash

LENGTH, DATE = "cpr_length", "cpr_date"


class InvalidCPR(ValueError):
    """Not a CPR number; the message never repeats the value. ``code`` says why: LENGTH or DATE."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _birth_year(yy: int, century_digit: int) -> int:
    # The 7th digit and the year give the century (the CPR office's table).
    if century_digit <= 3:
        return 1900 + yy
    if century_digit in (4, 9):
        return (2000 if yy <= 36 else 1900) + yy
    return (2000 if yy <= 57 else 1800) + yy


def normalise_cpr(value: str) -> str:
    """Ten digits (``DDMMYYSSSS``, a dash after the date allowed) whose first six are a real date.

    No modulus-11 check: numbers issued since 2007 need not satisfy it.
    """
    text = (value or "").strip()
    if len(text) == 11 and text[6] == "-":
        text = text[:6] + text[7:]
    if len(text) != 10 or not text.isascii() or not text.isdigit():
        raise InvalidCPR("a CPR number has ten digits", LENGTH)
    day, month, yy = int(text[0:2]), int(text[2:4]), int(text[4:6])
    try:
        datetime.date(_birth_year(yy, int(text[6])), month, day)
    except ValueError:
        raise InvalidCPR("the first six digits of a CPR number are a date (DDMMYY)", DATE) from None
    return text


def cpr_hash(cpr: str) -> str:
    """Hex HMAC-SHA256 of the normalised CPR number: stable per person, useless without the key."""
    return keyed_hash("cpr", normalise_cpr(cpr))
