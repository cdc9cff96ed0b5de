"""Protecting CPR and CVR numbers: a keyed hash for lookup, Fernet encryption where the number is needed again.

The one implementation for the citizen login (cms/sso/cpr.py, cms/sso/citizen.py) and Digital Post
(syndication/digital_post/crypto.py re-exports it), so a signed-in citizen's hash finds their subscriptions and
the number the login encrypts is one Digital Post can decrypt.

Keys come from the environment: CPR_HASH_KEY (at least 32 characters) for the hash, SUBSCRIBER_ENCRYPTION_KEY
for the encryption. Only the dev and test settings may leave them empty and derive them from SECRET_KEY; any
other settings module (production, a benchmark, a custom one) refuses to encrypt or hash without them, so a
deployment cannot silently protect CPR numbers with a key that lives beside them.

SUBSCRIBER_ENCRYPTION_KEY may list several comma-separated Fernet keys: the first encrypts, all decrypt
(key rotation). The hash key cannot rotate that way: changing it orphans every stored hash.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Settings modules allowed to derive the keys from SECRET_KEY; everything else must set them.
DERIVED_KEYS_ALLOWED = frozenset({"cms.settings.dev", "cms.settings.test"})
MIN_HASH_KEY_LENGTH = 32

__all__ = ["InvalidToken", "decrypt", "encrypt", "fernet", "hash_key", "keyed_hash"]


def _derived(purpose: str) -> bytes:
    return hashlib.sha256(f"borgerportalen:{purpose}:{settings.SECRET_KEY}".encode()).digest()


def _settings_module() -> str | None:
    # Overridden settings (tests) hide SETTINGS_MODULE behind None; the environment still names the module.
    return getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE")


def _configured(name: str) -> str:
    value = getattr(settings, name, "") or ""
    if not value and _settings_module() not in DERIVED_KEYS_ALLOWED:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required outside dev/test (citizen login, Digital Post)."
        )
    return value


@lru_cache(maxsize=4)
def _fernet(configured: str, secret_key: str) -> MultiFernet:
    if not configured:
        return MultiFernet([Fernet(base64.urlsafe_b64encode(_derived("subscriber-encryption")))])
    try:
        return MultiFernet([Fernet(key.strip()) for key in configured.split(",") if key.strip()])
    except ValueError as exc:
        raise ImproperlyConfigured(f"SUBSCRIBER_ENCRYPTION_KEY is not a valid Fernet key: {exc}") from None


def fernet() -> MultiFernet:
    # Keyed by the settings values, so tests that change them get a matching Fernet.
    return _fernet(_configured("SUBSCRIBER_ENCRYPTION_KEY"), settings.SECRET_KEY)


def hash_key() -> bytes:
    configured = _configured("CPR_HASH_KEY")
    if not configured:
        return _derived("cpr-hash")
    if len(configured) < MIN_HASH_KEY_LENGTH:
        raise ImproperlyConfigured(f"CPR_HASH_KEY must be at least {MIN_HASH_KEY_LENGTH} characters.")
    return configured.encode()


def encrypt(plaintext: bytes) -> str:
    return fernet().encrypt(plaintext).decode("ascii")


def decrypt(token: str) -> bytes:
    """Raises InvalidToken when no configured key fits (a lost or wrong key, or not a token at all)."""
    return fernet().decrypt(token.encode("ascii"))


def keyed_hash(kind: str, number: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of "<kind>:<number>" (hex): equal numbers give equal hashes, and nobody without the key
    can test a guessed CPR number against it (there are only a few million valid ones)."""
    return hmac.new(key or hash_key(), f"{kind}:{number}".encode(), hashlib.sha256).hexdigest()
