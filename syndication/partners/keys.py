"""Issuing, revoking and recognising partner API keys. Only a key's sha256 is ever stored."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ..models import Partner, PartnerKey

KEY_PREFIX = "pk_"


class InvalidApiKey(Exception):
    pass


def hash_key(raw_key: str) -> str:
    # Keys are 256-bit random secrets, so a plain digest is enough (no stretching needed).
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def issue_key(partner: Partner, name: str = "") -> tuple[PartnerKey, str]:
    """Create a key; returns the stored record and the raw key, which is shown to the partner once."""
    prefix = secrets.token_hex(4)
    raw_key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = PartnerKey.objects.create(partner=partner, name=name, prefix=prefix, key_hash=hash_key(raw_key))
    return key, raw_key


def revoke_key(key: PartnerKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])


def raw_key_from_request(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("X-Api-Key") or None


def authenticate(request) -> PartnerKey | None:
    """The active key the request carries, None for anonymous requests; InvalidApiKey for a bad key."""
    raw_key = raw_key_from_request(request)
    if raw_key is None:
        return None
    key = PartnerKey.objects.select_related("partner").filter(key_hash=hash_key(raw_key)).first()
    if key is None or not key.is_active:
        raise InvalidApiKey("The API key is unknown or revoked. Ask the portal team for a new key.")
    # Coarse last-use tracking without a write on every request.
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 300:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
