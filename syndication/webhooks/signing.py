"""Signing webhook requests, and verifying them (what a partner's receiver does).

    X-Portal-Timestamp: 1767225600
    X-Portal-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>

The header may carry several comma-separated signatures (e.g. during a secret
rotation); a request is genuine if any ``v1`` signature matches.
"""

import hashlib
import hmac
import time

SCHEME = "v1"
DEFAULT_TOLERANCE = 300  # seconds a timestamp may differ from the receiver's clock


def _as_bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def sign(secret: str, timestamp: int | str, body: bytes | str) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with ``secret``."""
    message = f"{int(timestamp)}.".encode() + _as_bytes(body)
    return hmac.new(_as_bytes(secret), message, hashlib.sha256).hexdigest()


def signature_header(secret: str | list[str] | tuple[str, ...], timestamp: int | str, body: bytes | str) -> str:
    """``v1=<hex>``, one comma-separated signature per secret (several while a rotated secret still overlaps)."""
    secrets = [secret] if isinstance(secret, str) else secret
    return ",".join(f"{SCHEME}={sign(each, timestamp, body)}" for each in secrets)


def verify(
    secret: str,
    timestamp: int | str,
    body: bytes | str,
    signature: str,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> bool:
    """Whether ``signature`` (the X-Portal-Signature value) is valid and the timestamp fresh."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance:
        return False
    expected = sign(secret, sent_at, body)
    candidates = [part.strip() for part in (signature or "").split(",")]
    return any(
        hmac.compare_digest(value.encode(), expected.encode())
        for scheme, _, value in (candidate.partition("=") for candidate in candidates)
        if scheme == SCHEME
    )
