"""SAML endpoints: SP metadata, login (signed AuthnRequest by redirect), the assertion consumer service, and
single logout (/sso/saml/slo/ for HTTP-Redirect and HTTP-POST, /sso/saml/slo/soap/ for the back channel)."""

from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.cache import CACHE_UNAVAILABLE

from . import logout, pending_cookie, saml_bindings, saml_flow, saml_logout, saml_metadata, saml_sessions
from .completion import complete_login, safe_next_url
from .errors import SSOError, refusal_response
from .login_options import FORCE_PARAM
from .saml_config import quiet_import, saml_settings, sp_config

PENDING_COOKIE = "sso_saml_pending"


def _refuse(request, error, for_logout=False):
    return refusal_response(request, error, protocol="saml", source="nemlogin", logout=for_logout)


@require_GET
def metadata(request):
    try:
        config = sp_config()
    except SSOError as error:
        return _refuse(request, error)
    return HttpResponse(saml_metadata.metadata_xml(config), content_type="application/samlmetadata+xml")


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
    pending_cookie.remember(request, response, PENDING_COOKIE, pending, reverse("sso:saml_acs"))
    return response


@csrf_exempt  # the IdP posts from its own origin; the pending-login cookie binds the response to this browser
@require_POST
def acs(request):
    try:
        # Refuse oversized bodies before Django parses the form or pysaml2 sees the XML.
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.SSO_SAML_MAX_RESPONSE_BYTES:
            raise SSOError("request_too_large")
        pending = pending_cookie.recall(request, PENDING_COOKIE, saml_flow.PendingLogin)
        identity, saml_session = saml_flow.finish_login(request.POST.get("SAMLResponse", ""), pending)
        response = complete_login(request, identity, pending.next_url, audience=pending.audience)
        saml_sessions.remember(request, pending.audience, saml_session)
    except SSOError as error:
        response = _refuse(request, error)
    except ValueError:  # a Content-Length that is no number
        response = _refuse(request, SSOError("malformed_response", "content length"))
    pending_cookie.forget(response, PENDING_COOKIE, reverse("sso:saml_acs"))
    return response


@never_cache
@csrf_exempt  # the IdP sends the browser here (GET) or makes it POST from its own origin; signatures bind it
@require_http_methods(["GET", "POST"])
def slo(request):
    """Single logout through the browser: the IdP's answer to a logout the portal started, or a logout the IdP
    asks for (then the portal ends the logins it names and answers with a signed LogoutResponse)."""
    try:
        if request.method == "GET":
            message = saml_bindings.from_redirect(request.META.get("QUERY_STRING", ""),
                                                  saml_logout.certificates_for_redirect())
        else:
            message = saml_bindings.from_post(request.POST)
        if message.kind == "SAMLResponse":
            return _logout_answered(request, message)
        order = saml_logout.receive_request(message, destination=saml_settings().slo_url)
    except SSOError as error:
        response = _refuse(request, error, for_logout=True)
        pending_cookie.forget(response, logout.PENDING_COOKIE, reverse("sso:saml_slo"))
        return response
    ended = saml_sessions.matching(request, order.idp, order.name_id_value, order.session_indexes)
    logout.end_logins(request, ended)
    saml_sessions.drop_index(order.idp, order.name_id_value, order.session_indexes)
    saml_logout.log_ended("front channel", len(ended))
    return HttpResponseRedirect(saml_logout.redirect_answer(order, message.relay_state))


def _logout_answered(request, message):
    pending = pending_cookie.recall(request, logout.PENDING_COOKIE, saml_logout.PendingLogout, "logout")
    status = saml_logout.finish(message, pending)
    if status == "Success":
        messages.success(request, "Du er logget ud af portalen og af NemLog-in.")
    else:
        messages.info(request, "Du er logget ud af portalen. NemLog-in kunne ikke bekræfte, at du er logget ud "
                               "alle steder: luk browseren for at være sikker.")
    response = HttpResponseRedirect(pending.next_url)
    pending_cookie.forget(response, logout.PENDING_COOKIE, reverse("sso:saml_slo"))
    return response


@csrf_exempt  # server to server: the IdP's signature on the LogoutRequest is what is trusted
@require_POST
def slo_soap(request):
    """Back-channel single logout (SOAP binding): end every portal session the LogoutRequest names."""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.SSO_SAML_MAX_RESPONSE_BYTES:
            raise SSOError("request_too_large")
        message = saml_bindings.from_soap(request.body)
        order = saml_logout.receive_request(message, destination=saml_settings().slo_soap_url)
    except (SSOError, ValueError) as error:
        error = error if isinstance(error, SSOError) else SSOError("malformed_response", "content length")
        refusal_response(request, error, protocol="saml-soap", source="nemlogin", logout=True)  # logs it
        return HttpResponse(saml_logout.soap_fault(error.reason), status=400, content_type="text/xml; charset=utf-8")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    try:
        keys = saml_sessions.session_keys(order.idp, order.name_id_value, order.session_indexes)
        for key in keys:
            session: SessionBase = store(session_key=key)
            session.delete()  # the whole portal session: logins, the encrypted CPR number, everything
        saml_sessions.drop_index(order.idp, order.name_id_value, order.session_indexes)
        ok = True
    except CACHE_UNAVAILABLE:
        keys, ok = [], False
    saml_logout.log_ended("back channel", len(keys))
    return HttpResponse(saml_logout.soap_answer(order, ok=ok), content_type="text/xml; charset=utf-8")
