"""Which NemLog-in session a portal session belongs to, so that single logout can end it from either side.

At a SAML login the session keeps, per audience (editor, citizen, business), the IdP, the NameID and the
SessionIndex the assertion named: an SP-initiated logout names them in its LogoutRequest, and an IdP-initiated
front-channel LogoutRequest is matched against them. For the SOAP back channel (no browser, so no session
cookie) the cache maps a keyed hash of (IdP, NameID, SessionIndex) to the session key; it lives as long as a
session can, and the mapping holds no identity in the clear. With several web processes the cache must be
shared (REDIS_URL), as for replay protection.
"""

import hashlib
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import caches

from cms.cache import CACHE_UNAVAILABLE

SESSION_KEY = "sso_saml"
INDEX_PREFIX = "sso:slo:"


@dataclass(frozen=True)
class SamlSession:
    idp: str
    name_id: str  # the NameID element as XML (its format and qualifiers are needed to name it back)
    name_id_value: str
    session_index: str


def _index_key(idp: str, name_id_value: str, session_index: str) -> str:
    digest = hashlib.sha256(f"{idp}\n{name_id_value}\n{session_index}".encode()).hexdigest()
    return INDEX_PREFIX + digest


def remember(request, audience: str, saml_session: SamlSession) -> None:
    """After the login completed (the session key is the new one)."""
    stored = dict(request.session.get(SESSION_KEY) or {})
    stored[audience] = asdict(saml_session)
    request.session[SESSION_KEY] = stored
    if request.session.session_key is None:
        request.session.save()
    try:
        caches["shared"].set(_index_key(saml_session.idp, saml_session.name_id_value, saml_session.session_index),
                  request.session.session_key, timeout=settings.SESSION_COOKIE_AGE)
    except CACHE_UNAVAILABLE:
        pass  # the back channel cannot find this session; the front channel and local logout still work


def current(request, audience: str) -> SamlSession | None:
    data = (request.session.get(SESSION_KEY) or {}).get(audience)
    try:
        return SamlSession(**data) if isinstance(data, dict) else None
    except TypeError:
        return None


def audiences(request) -> list[str]:
    return list(request.session.get(SESSION_KEY) or {})


def forget(request, audience: str) -> SamlSession | None:
    """Drop the audience's NemLog-in session from this portal session (and from the back-channel index)."""
    found = current(request, audience)
    stored = dict(request.session.get(SESSION_KEY) or {})
    if stored.pop(audience, None) is not None:
        request.session[SESSION_KEY] = stored
    if found is not None:
        try:
            caches["shared"].delete(_index_key(found.idp, found.name_id_value, found.session_index))
        except CACHE_UNAVAILABLE:
            pass
    return found


def matching(request, idp: str, name_id_value: str, session_indexes: list[str]) -> list[str]:
    """The audiences of this browser's session that a LogoutRequest names (all, when it names no SessionIndex)."""
    found = []
    for audience in audiences(request):
        entry = current(request, audience)
        if entry and entry.idp == idp and entry.name_id_value == name_id_value and (
            not session_indexes or entry.session_index in session_indexes
        ):
            found.append(audience)
    return found


def session_keys(idp: str, name_id_value: str, session_indexes: list[str]) -> list[str]:
    """The portal sessions a back-channel LogoutRequest names (it must name SessionIndexes: NemLog-in does)."""
    keys = []
    for session_index in session_indexes:
        try:
            key = caches["shared"].get(_index_key(idp, name_id_value, session_index))
        except CACHE_UNAVAILABLE:
            raise
        if key:
            keys.append(key)
    return keys


def drop_index(idp: str, name_id_value: str, session_indexes: list[str]) -> None:
    for session_index in session_indexes:
        caches["shared"].delete(_index_key(idp, name_id_value, session_index))
