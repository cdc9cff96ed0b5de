"""The signed-in citizen, for the citizen pages and subscriptions.

API (all that other apps need):

    from cms.sso.citizen import current_citizen, logout

    citizen = current_citizen(request)      # Citizen | None
    citizen.cpr_hash                        # str: HMAC-SHA256 of the CPR number under CPR_HASH_KEY (64 hex)
    citizen.municipality_code               # str | None: "751"; None when the person register knows none
    citizen.municipality_lookup             # "found" | "abroad" | "not_found" | "unavailable" (person_register)
    citizen.loa                             # "Substantial" | "High"
    citizen.source                          # "nemlogin" or the OIDC provider key
    cpr_number(citizen)                     # the CPR number itself, only to store it encrypted (Digital Post)
    logout(request)                         # forget the citizen (the editor login, if any, stays)

Logins start at ``/sso/borger/login/?next=/path/`` (the login choices) and end back at ``next``; logout is a
POST to ``/sso/borger/logout/``. A citizen's session is short (a MitID login can erase data): its cookie lasts
as long as the browser, it ends after CITIZEN_SESSION_IDLE_SECONDS without a request (15 minutes) and
CITIZEN_SESSION_MAX_SECONDS after the login (8 hours), whatever happens (cms/sso/citizen_session.py). For an
irreversible step, ``recently_signed_in(citizen)`` says whether the login is fresh (CITIZEN_REAUTH_SECONDS);
if not, send the citizen to ``reauthentication_url(next)``, which forces a new login at the identity provider.
``cpr_hash`` is the stable key for a person's data (subscriptions): the raw CPR number is never stored in the
session, written to a log or shown in a template. The session keeps it only Fernet-encrypted (``cpr_token``,
under SUBSCRIBER_ENCRYPTION_KEY), because a Digital Post subscription must store the number encrypted to
deliver the letter; ``cpr_number`` opens it, and is a function rather than a method so that no template can
call it. A citizen session is separate from an editor's Django user.
"""

import hmac
import logging
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .cpr import InvalidCPR, cpr_hash, normalise_cpr
from .errors import SSOError
from .identity import PersonIdentity
from .number_crypto import InvalidToken, decrypt, encrypt
from .oiosaml import meets
from .person_register import person_register

logger = logging.getLogger("cms.sso")
SESSION_KEY = "sso_citizen"


@dataclass(frozen=True)
class Citizen:
    cpr_hash: str
    municipality_code: str | None
    loa: str
    source: str
    signed_in_at: int
    cpr_token: str = field(repr=False)  # the CPR number, Fernet-encrypted: see cpr_number()
    municipality_lookup: str = "found"  # how the person register answered (person_register.LOOKUP_RESULTS)
    last_seen: int = 0  # the citizen's last request (updated at most once a minute)

    def expired(self, now: float | None = None) -> bool:
        """Past the absolute or the idle time-out: the session no longer speaks for the citizen."""
        now = time.time() if now is None else now
        last_seen = max(self.last_seen, self.signed_in_at)
        return (now - self.signed_in_at > settings.CITIZEN_SESSION_MAX_SECONDS
                or now - last_seen > settings.CITIZEN_SESSION_IDLE_SECONDS)


class CitizenSessionInvalid(Exception):
    """The session's encrypted CPR number cannot be opened (a lost or rotated key): the citizen signs in again."""


def _stored_citizen(request) -> Citizen | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        return Citizen(**data)
    except TypeError:  # a session written by an older version of this module
        return None


def current_citizen(request) -> Citizen | None:
    """The signed-in citizen, or None (nobody, or a session past its time-outs)."""
    citizen = _stored_citizen(request)
    return None if citizen is None or citizen.expired() else citizen


TOUCH_SECONDS = 60  # how stale last_seen may be before a request writes the session again
REAUTH_PARAM = "bekraeft"  # the login choices' query parameter asking for a new login


def keep_alive(request) -> str:
    """Called on every request with a session: forget an expired citizen, note an active one's activity.

    Returns "expired", "active" or "" (no citizen). Writes the session at most once a minute per citizen.
    """
    citizen = _stored_citizen(request)
    if citizen is None:
        return ""
    now = int(time.time())
    if citizen.expired(now):
        logout(request)
        logger.info("citizen session timed out", extra={"sso_source": citizen.source})
        return "expired"
    if now - citizen.last_seen >= TOUCH_SECONDS:
        request.session[SESSION_KEY] = {**request.session[SESSION_KEY], "last_seen": now}
    return "active"


def recently_signed_in(citizen: Citizen) -> bool:
    """Whether the login is fresh enough for an irreversible step (CITIZEN_REAUTH_SECONDS)."""
    return time.time() - citizen.signed_in_at <= settings.CITIZEN_REAUTH_SECONDS


def reauthentication_url(next_url: str) -> str:
    """The citizen login, asking the identity provider for a new login (not a single sign-on), back to next."""
    return f"{reverse('sso:citizen_login')}?{urlencode({'next': next_url, REAUTH_PARAM: '1'})}"


def sign_in(request, identity: PersonIdentity) -> Citizen:
    """Check the identity, look up the municipality and store the citizen in a fresh session (the CPR number only
    as its keyed hash and encrypted, never in plain text)."""
    if not meets(identity.loa):
        raise SSOError("loa_too_low", f"loa={identity.loa}")
    try:
        cpr = normalise_cpr(identity.cpr)
        hashed = cpr_hash(cpr)
        token = encrypt(cpr.encode("ascii"))
    except InvalidCPR:
        raise SSOError("invalid_cpr") from None
    except ImproperlyConfigured:
        raise SSOError("not_configured", "CPR_HASH_KEY or SUBSCRIBER_ENCRYPTION_KEY") from None
    # Never fails the login: without a municipality the citizen is told to choose one (person_register.py).
    residence = person_register().residence(cpr)
    municipality_code = residence.municipality_code
    now = int(time.time())
    citizen = Citizen(
        cpr_hash=hashed, municipality_code=municipality_code, loa=identity.loa, source=identity.source,
        signed_in_at=now, cpr_token=token, municipality_lookup=residence.lookup, last_seen=now,
    )
    request.session.cycle_key()  # a new session id at every change of identity (session fixation)
    request.session[SESSION_KEY] = asdict(citizen)
    request.session.set_expiry(0)  # the cookie ends with the browser; the database row after the idle time-out
    logger.info(
        "citizen signed in",
        extra={"sso_source": identity.source, "sso_loa": identity.loa, "sso_municipality": municipality_code or ""},
    )
    return citizen


def cpr_number(citizen: Citizen) -> str:
    """The signed-in citizen's CPR number, for the one use that needs it: a Digital Post subscription stores it
    encrypted. Never log it, show it or put it in a URL. Raises CitizenSessionInvalid when the token does not
    open or does not match the citizen's hash (the keys changed since login)."""
    try:
        number = decrypt(citizen.cpr_token).decode("ascii")
        matches = hmac.compare_digest(cpr_hash(number), citizen.cpr_hash)
    except (InvalidToken, InvalidCPR, UnicodeError, AttributeError, TypeError):
        raise CitizenSessionInvalid("the citizen's encrypted CPR number cannot be opened") from None
    if not matches:
        raise CitizenSessionInvalid("the citizen's encrypted CPR number does not match their hash")
    return number


def logout(request) -> None:
    if request.session.pop(SESSION_KEY, None) is not None:
        request.session.cycle_key()
