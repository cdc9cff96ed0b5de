"""Ending a login: here first, then at NemLog-in when the login came from there (SP-initiated single logout).

``log_out(request, audience, next_url)`` is what the logout buttons call (citizen, business user, editor). The
portal session loses that login at once (for a citizen: the encrypted CPR number with it); when the login was a
SAML one, the browser then goes to NemLog-in with a signed LogoutRequest and comes back to /sso/saml/slo/, which
checks the answer and goes on to ``next_url``. ``end_logins`` is the same without the trip to NemLog-in, for a
logout NemLog-in asked for.
"""

import logging

from django.contrib import auth
from django.http import HttpResponseRedirect
from django.urls import reverse

from . import business, citizen, pending_cookie, saml_logout, saml_sessions
from .errors import SSOError

logger = logging.getLogger("cms.sso")
PENDING_COOKIE = "sso_saml_logout"
# Editors last: Django's logout flushes the whole session (the other logins with it).
LOCAL_LOGOUT = {"citizen": citizen.logout, "business": business.logout, "editor": auth.logout}


def end_logins(request, audiences: list[str]) -> None:
    for audience in sorted(audiences, key=list(LOCAL_LOGOUT).index):
        saml_sessions.forget(request, audience)
        LOCAL_LOGOUT[audience](request)


def log_out(request, audience: str, next_url: str) -> HttpResponseRedirect:
    saml_session = saml_sessions.forget(request, audience)
    LOCAL_LOGOUT[audience](request)
    if saml_session is None:
        return HttpResponseRedirect(next_url)
    try:
        location, pending = saml_logout.start(saml_session, next_url)
    except SSOError as error:
        # Signed out here all the same; NemLog-in's own session ends when the browser closes.
        logger.warning("sso logout not sent to the IdP: %s", error.reason,
                       extra={"sso_reason": error.reason, "sso_detail": error.detail, "sso_logout": True})
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(location)
    pending_cookie.remember(request, response, PENDING_COOKIE, pending, reverse("sso:saml_slo"))
    return response
