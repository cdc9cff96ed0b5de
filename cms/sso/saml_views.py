"""SAML endpoints: SP metadata, login (signed AuthnRequest by redirect) and the assertion consumer service."""

import json
from dataclasses import asdict

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import saml_flow
from .completion import complete_login, safe_next_url
from .errors import SSOError, refusal_response
from .login_options import FORCE_PARAM
from .saml_config import quiet_import, sp_config

PENDING_COOKIE = "sso_saml_pending"
PENDING_SALT = "cms.sso.saml.pending"
PENDING_MAX_AGE = 600  # seconds a person has at the IdP


def _refuse(request, error):
    return refusal_response(request, error, protocol="saml", source="nemlogin")


@require_GET
def metadata(request):
    with quiet_import():
        from saml2.metadata import create_metadata_string

    try:
        config = sp_config()
    except SSOError as error:
        return _refuse(request, error)
    return HttpResponse(create_metadata_string(None, config, sign=False), content_type="application/samlmetadata+xml")


@require_GET
def login(request):
    audience = request.GET.get("audience", "editor")
    try:
        if audience not in saml_flow.AUDIENCES:
            raise SSOError("unknown_provider", "audience")
        location, pending = saml_flow.start_login(
            audience, safe_next_url(request, request.GET.get("next"), audience),
            force_authn=request.GET.get(FORCE_PARAM) == "1",
        )
    except SSOError as error:
        return _refuse(request, error)
    response = HttpResponseRedirect(location)
    # The IdP answers with a cross-site POST, which carries no SameSite=Lax session cookie; the pending login
    # therefore travels in its own signed cookie, SameSite=None (HTTPS only), scoped to the ACS path.
    secure = request.is_secure()
    response.set_signed_cookie(
        PENDING_COOKIE, json.dumps(asdict(pending)), salt=PENDING_SALT, max_age=PENDING_MAX_AGE,
        path=reverse("sso:saml_acs"), secure=secure, httponly=True, samesite="None" if secure else "Lax",
    )
    return response


def _pending(request) -> saml_flow.PendingLogin:
    try:
        raw = request.get_signed_cookie(PENDING_COOKIE, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
        return saml_flow.PendingLogin(**json.loads(raw))
    except (KeyError, signing.BadSignature, ValueError, TypeError):
        raise SSOError("no_pending_login") from None


@csrf_exempt  # the IdP posts from its own origin; the pending-login cookie binds the response to this browser
@require_POST
def acs(request):
    try:
        # Refuse oversized bodies before Django parses the form or pysaml2 sees the XML.
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.SSO_SAML_MAX_RESPONSE_BYTES:
            raise SSOError("request_too_large")
        pending = _pending(request)
        identity = saml_flow.finish_login(request.POST.get("SAMLResponse", ""), pending)
        response = complete_login(request, identity, pending.next_url)
    except SSOError as error:
        response = _refuse(request, error)
    except ValueError:  # a Content-Length that is no number
        response = _refuse(request, SSOError("malformed_response", "content length"))
    response.delete_cookie(PENDING_COOKIE, path=reverse("sso:saml_acs"))
    return response
