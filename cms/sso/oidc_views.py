"""OpenID Connect endpoints: login (redirect to the provider) and the redirect-URI callback."""

import re
import time
from dataclasses import asdict

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import oidc
from .completion import complete_login, safe_next_url
from .errors import SSOError, refusal_response
from .login_options import FORCE_PARAM

SESSION_KEY = "sso_oidc_pending"
PENDING_MAX_AGE = 600
MAX_PENDING = 5  # a few tabs may log in at once; older attempts are dropped
_ERROR_CODE = re.compile(r"^[a-z_]{1,64}$")


def redirect_uri(p: oidc.Provider) -> str:
    # From the configured base URL, not the Host header: it must equal the registered redirect URI exactly.
    path = reverse("sso:oidc_callback", kwargs={"provider_key": p.key})
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _fresh_pending(request) -> dict:
    now = time.time()
    pending = request.session.get(SESSION_KEY)
    pending = pending if isinstance(pending, dict) else {}
    return {state: item for state, item in pending.items() if now - item.get("created", 0) < PENDING_MAX_AGE}


@require_GET
def login(request, provider_key):
    try:
        p = oidc.provider(provider_key)
        next_url = safe_next_url(request, request.GET.get("next"), p.audience)
        force = request.GET.get(FORCE_PARAM) == "1"
        url, pending = oidc.authorization_url(p, redirect_uri(p), next_url, force=force)
    except SSOError as error:
        return refusal_response(request, error, protocol="oidc", source=provider_key)
    stored = _fresh_pending(request)
    stored[pending.state] = asdict(pending)
    request.session[SESSION_KEY] = dict(sorted(stored.items(), key=lambda item: item[1]["created"])[-MAX_PENDING:])
    return HttpResponseRedirect(url)


def _take_pending(request, p: oidc.Provider) -> oidc.PendingAuthorization:
    """The pending authorization for the callback's state, removed so that it serves one callback only."""
    stored = _fresh_pending(request)
    item = stored.pop(request.GET.get("state", ""), None)
    request.session[SESSION_KEY] = stored
    if item is None or item.get("provider") != p.key:
        raise SSOError("invalid_state")
    return oidc.PendingAuthorization(**item)


@require_GET
def callback(request, provider_key):
    try:
        p = oidc.provider(provider_key)
        pending = _take_pending(request, p)
        # RFC 9207: a provider that names itself must be the one we asked (mix-up attacks).
        if "iss" in request.GET and request.GET["iss"].rstrip("/") != p.issuer:
            raise SSOError("wrong_issuer", "authorization response iss")
        if "error" in request.GET:
            error = request.GET["error"]
            raise SSOError("idp_error", error if _ERROR_CODE.match(error) else "")
        code = request.GET.get("code", "")
        if not code or len(code) > 2048:
            raise SSOError("invalid_response", "no code")
        id_token = oidc.exchange_code(p, code, redirect_uri(p), pending.code_verifier)
        claims = oidc.validate_id_token(p, id_token, pending.nonce)
        oidc.require_fresh_login(claims, pending)
        return complete_login(request, oidc.identity_from_claims(p, claims), pending.next_url)
    except SSOError as error:
        return refusal_response(request, error, protocol="oidc", source=provider_key)
