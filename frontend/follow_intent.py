""""Log ind og få besked" in one step: the wish to follow survives the login round trip.

The link on an anonymous page is the same for every visitor (the page stays cacheable). It leads to
``start``, which checks the item, keeps the intent in the visitor's session (kind, id, the page to return to,
when) and sends them to the login with a continuation address that carries the intent's signed, short-lived
nonce. After the login, ``take`` hands the intent over exactly once, and only when

- the continuation's signature is valid and younger than MAX_AGE,
- its nonce is the one this session holds (a link from elsewhere cannot name another intent), and
- the citizen signed in *after* the intent was made: a completed MitID login, started for this purpose, is the
  citizen's confirmation. A forged link to the continuation alone (CSRF) finds no fresh login and does nothing.
"""

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

SESSION_KEY = "follow_intent"
SALT = "frontend.follow-intent"
MAX_AGE = 30 * 60  # seconds a login may take


@dataclass(frozen=True)
class Intent:
    kind: str
    pk: int
    next_url: str


def start_url(kind: str, pk: int, next_url: str) -> str:
    """The anonymous follow box's link (the same for every visitor)."""
    return f"{reverse('frontend:follow_login')}?{urlencode({'type': kind, 'id': pk, 'next': next_url})}"


def remember(request, intent: Intent) -> str:
    """Keep the intent in the session; returns the continuation address to log in with."""
    nonce = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "kind": intent.kind, "pk": intent.pk, "next": intent.next_url, "nonce": nonce, "at": int(time.time()),
    }
    token = signing.dumps(nonce, salt=SALT)
    return f"{reverse('frontend:follow_continue')}?{urlencode({'intent': token})}"


def take(request, token: str, signed_in_at: int) -> Intent | None:
    """The session's intent if ``token`` and the login vouch for it; it is removed either way (one use)."""
    stored = request.session.pop(SESSION_KEY, None)
    try:
        nonce = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(stored, dict) or not secrets.compare_digest(str(stored.get("nonce", "")), str(nonce)):
        return None
    if signed_in_at < int(stored.get("at", 0)):
        return None  # no login since the intent was made: not the citizen's confirmation
    return Intent(str(stored["kind"]), int(stored["pk"]), str(stored["next"]))
