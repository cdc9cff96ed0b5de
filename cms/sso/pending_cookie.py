"""What the browser carries between a request to NemLog-in and its answer: a pending login or logout, in its own
signed cookie.

The IdP may answer with a cross-site POST, which carries no SameSite=Lax session cookie; so the pending
exchange travels in a signed cookie of its own, SameSite=None (HTTPS only), scoped to the endpoint that takes
the answer, for ten minutes.
"""

import json
from dataclasses import asdict
from typing import TypeVar

from django.core import signing

from .errors import SSOError

MAX_AGE = 600  # seconds a person has at the IdP
T = TypeVar("T")


def remember(request, response, name: str, pending, path: str) -> None:
    secure = request.is_secure()
    response.set_signed_cookie(
        name, json.dumps(asdict(pending)), salt=f"cms.sso.{name}", max_age=MAX_AGE, path=path, secure=secure,
        httponly=True, samesite="None" if secure else "Lax",
    )


def recall(request, name: str, cls: type[T], detail: str = "") -> T:
    """The pending exchange, or SSOError("no_pending_login") when there is none (expired, forged, elsewhere)."""
    try:
        raw = request.get_signed_cookie(name, salt=f"cms.sso.{name}", max_age=MAX_AGE)
        return cls(**json.loads(raw))
    except (KeyError, signing.BadSignature, ValueError, TypeError):
        raise SSOError("no_pending_login", detail) from None


def forget(response, name: str, path: str) -> None:
    response.delete_cookie(name, path=path)
