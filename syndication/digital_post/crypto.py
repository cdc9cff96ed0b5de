"""Protecting subscriber numbers: Fernet encryption for delivery, a keyed hash for lookup and dedupe.

The implementation (keys, key rotation, the dev/test fallback) is cms/sso/number_crypto.py, shared with the
citizen login so that a signed-in citizen's CPR hash and encrypted number are the ones stored here.
"""

from cms.sso.number_crypto import InvalidToken, decrypt, encrypt, fernet, hash_key, keyed_hash

__all__ = ["InvalidToken", "decrypt", "encrypt", "fernet", "hash_key", "keyed_hash"]
