"""CPR numbers: format check and the keyed hash that stands in for them everywhere after login.

The hash is the one Digital Post subscriptions use for lookup (syndication/digital_post/crypto.py:
``keyed_hash("cpr", number)``), so a signed-in citizen's ``cpr_hash`` finds their subscriptions: HMAC-SHA256
over ``"cpr:<ten digits>"`` with CPR_HASH_KEY (at least 32 characters). Only the dev and test settings may
leave the key empty; they then derive it from SECRET_KEY, as Digital Post does.
"""

import datetime
import hashlib
import hmac
import os

from django.conf import ENVIRONMENT_VARIABLE, settings
from django.core.exceptions import ImproperlyConfigured

DERIVED_KEY_SETTINGS = frozenset({"cms.settings.dev", "cms.settings.test"})
MIN_KEY_LENGTH = 32


class InvalidCPR(ValueError):
    """Not a CPR number; the message never repeats the value."""


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
        raise InvalidCPR("a CPR number has ten digits")
    day, month, yy = int(text[0:2]), int(text[2:4]), int(text[4:6])
    try:
        datetime.date(_birth_year(yy, int(text[6])), month, day)
    except ValueError:
        raise InvalidCPR("the first six digits of a CPR number are a date (DDMMYY)") from None
    return text


def _hash_key() -> bytes:
    configured = settings.CPR_HASH_KEY or ""
    if configured:
        if len(configured) < MIN_KEY_LENGTH:
            raise ImproperlyConfigured(f"CPR_HASH_KEY must be at least {MIN_KEY_LENGTH} characters.")
        return configured.encode()
    # The settings module Django was started with (settings.SETTINGS_MODULE reads None under override_settings).
    if os.environ.get(ENVIRONMENT_VARIABLE) not in DERIVED_KEY_SETTINGS:
        raise ImproperlyConfigured("The environment variable CPR_HASH_KEY is required for citizen login.")
    return hashlib.sha256(f"borgerportalen:cpr-hash:{settings.SECRET_KEY}".encode()).digest()


def cpr_hash(cpr: str) -> str:
    """Hex HMAC-SHA256 of the normalised CPR number: stable per person, useless without the key."""
    return hmac.new(_hash_key(), f"cpr:{normalise_cpr(cpr)}".encode(), hashlib.sha256).hexdigest()
