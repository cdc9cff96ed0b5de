"""Single logout with NemLog-in (OIOSAML 3.0.3), both ways.

SP-initiated: the portal ends its own session first (so a failure at the IdP never leaves anyone signed in
here), then sends a signed LogoutRequest by HTTP-Redirect naming the NameID and SessionIndex of that login, and
checks the IdP's signed LogoutResponse when the browser comes back (the pending logout travels in a signed
cookie, like the pending login).

IdP-initiated: a signed LogoutRequest arrives by HTTP-Redirect or HTTP-POST through the browser (front channel)
or by SOAP from the IdP itself (back channel). It is checked (signature and algorithm, issuer, destination,
time, one-time use), the portal sessions it names are ended, and a signed LogoutResponse goes back: by
redirect to the IdP's SingleLogoutService, or in the SOAP answer.
"""

import calendar
import logging
import time
from dataclasses import dataclass

from . import replay, saml_bindings, saml_sessions
from .errors import SSOError
from .saml_config import idp_entity_id, quiet_import, saml_settings, sp_client

logger = logging.getLogger("cms.sso")
REASON_USER = "urn:oasis:names:tc:SAML:2.0:logout:user"
MAX_AGE_SECONDS = 600  # a logout request older than this (IssueInstant) is refused as expired


@dataclass(frozen=True)
class PendingLogout:
    request_id: str
    idp: str
    next_url: str


def _epoch(timestamp: str) -> float:
    from saml2.time_util import str_to_time

    return calendar.timegm(str_to_time(timestamp))


def _idp_certificates(client, idp: str) -> list[str]:
    return [certificate for _name, certificate in client.metadata.certs(idp, "idpsso", "signing")]


def _slo_location(client, idp: str, binding: str, response: bool = False) -> str:
    services = client.metadata.single_logout_service(idp, binding, "idpsso")
    if not services:
        raise SSOError("not_configured", "the IdP has no SingleLogoutService for the binding")
    service = services[0]
    return (service.get("response_location") if response else None) or service["location"]


def start(saml_session: saml_sessions.SamlSession, next_url: str) -> tuple[str, PendingLogout]:
    """The IdP URL (a signed HTTP-Redirect LogoutRequest for this login) and the logout to remember."""
    with quiet_import():
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import name_id_from_string
        from saml2.time_util import in_a_while
        from saml2.xmldsig import SIG_RSA_SHA256

    client = sp_client()
    destination = _slo_location(client, saml_session.idp, BINDING_HTTP_REDIRECT)
    request_id, logout_request = client.create_logout_request(
        destination, saml_session.idp, name_id=name_id_from_string(saml_session.name_id), reason=REASON_USER,
        expire=in_a_while(minutes=5),
        session_indexes=[saml_session.session_index] if saml_session.session_index else None,
        sign=False,  # the Redirect binding signs the query string, not the XML
    )
    info = client.apply_binding(BINDING_HTTP_REDIRECT, str(logout_request), destination, relay_state="logout",
                                sign=True, sigalg=SIG_RSA_SHA256)
    location = dict(info["headers"])["Location"]
    return location, PendingLogout(request_id=request_id, idp=saml_session.idp, next_url=next_url)


def _check_common(message, *, idp: str, destination: str) -> None:
    current = saml_settings()
    issuer = (getattr(message.issuer, "text", None) or "").strip()
    if issuer != idp:
        raise SSOError("wrong_issuer", "logout issuer")
    if (message.destination or "") != destination:
        raise SSOError("wrong_recipient", "logout destination")
    issued = _epoch(message.issue_instant)
    if abs(time.time() - issued) > MAX_AGE_SECONDS + current.clock_skew:
        raise SSOError("expired", "logout issue instant")


def finish(message: saml_bindings.Message, pending: PendingLogout) -> str:
    """Check the IdP's LogoutResponse to ``pending``; returns its status ("Success" or another status code)."""
    client = sp_client()
    if message.kind != "SAMLResponse":
        raise SSOError("malformed_response", "expected a LogoutResponse")
    response = saml_bindings.verified(client, message)
    _check_common(response, idp=pending.idp, destination=saml_settings().slo_url)
    if response.in_response_to != pending.request_id:
        raise SSOError("no_pending_login", "logout InResponseTo")
    status = response.status.status_code.value if response.status and response.status.status_code else ""
    return status.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class LogoutOrder:
    """A verified LogoutRequest from the IdP: who it names and how to answer."""

    request: object  # pysaml2 LogoutRequest
    idp: str
    name_id_value: str
    session_indexes: list[str]


def receive_request(message: saml_bindings.Message, destination: str) -> LogoutOrder:
    """Verify an IdP-initiated LogoutRequest (signature, algorithm, issuer, destination, time, one-time use)."""
    client = sp_client()
    idp = idp_entity_id(client.config)
    if message.kind != "SAMLRequest":
        raise SSOError("malformed_response", "expected a LogoutRequest")
    request = saml_bindings.verified(client, message)
    _check_common(request, idp=idp, destination=destination)
    now = time.time()
    if request.not_on_or_after and _epoch(request.not_on_or_after) + saml_settings().clock_skew <= now:
        raise SSOError("expired", "logout NotOnOrAfter")
    if request.name_id is None or not (request.name_id.text or "").strip():
        raise SSOError("missing_attributes", "logout NameID")
    qualifier = (request.name_id.sp_name_qualifier or "").strip()
    if qualifier and qualifier != saml_settings().entity_id:
        raise SSOError("wrong_audience", "logout NameID SPNameQualifier")
    # Last, so that a request refused for another reason does not burn its ID.
    if not replay.first_use("slo", f"{idp} {request.id}", _epoch(request.issue_instant) + MAX_AGE_SECONDS):
        raise SSOError("replayed", "logout request")
    return LogoutOrder(
        request=request, idp=idp, name_id_value=request.name_id.text.strip(),
        session_indexes=[(index.text or "").strip() for index in (request.session_index or [])],
    )


def _response(client, order: LogoutOrder, destination: str, *, sign_xml: bool, status_ok: bool = True):
    with quiet_import():
        from saml2 import samlp
        from saml2.samlp import STATUS_RESPONDER, STATUS_SUCCESS, Status, StatusCode
        from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    status = Status(status_code=StatusCode(value=STATUS_SUCCESS if status_ok else STATUS_RESPONDER))
    extra = {"destination": destination} if destination else {}
    # Signed: pysaml2 returns the signed XML as a string; unsigned: the LogoutResponse object.
    return client._status_response(
        samlp.LogoutResponse, client._issuer(), status, sign=sign_xml, sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256, in_response_to=order.request.id, **extra,
    )


def redirect_answer(order: LogoutOrder, relay_state: str) -> str:
    """Where to send the browser: the IdP's SingleLogoutService with a signed HTTP-Redirect LogoutResponse."""
    with quiet_import():
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.xmldsig import SIG_RSA_SHA256

    client = sp_client()
    destination = _slo_location(client, order.idp, BINDING_HTTP_REDIRECT, response=True)
    response = _response(client, order, destination, sign_xml=False)
    info = client.apply_binding(BINDING_HTTP_REDIRECT, str(response), destination, relay_state=relay_state,
                                response=True, sign=True, sigalg=SIG_RSA_SHA256)
    return dict(info["headers"])["Location"]


def soap_answer(order: LogoutOrder, ok: bool) -> bytes:
    """The SOAP envelope with a signed LogoutResponse (Success, or Responder when sessions could not be ended)."""
    client = sp_client()
    signed = str(_response(client, order, "", sign_xml=True, status_ok=ok))
    if signed.startswith("<?xml"):
        signed = signed.split("?>", 1)[1]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{saml_bindings.SOAP_ENV}">'
        f"<soap:Body>{signed}</soap:Body></soap:Envelope>"
    ).encode("utf-8")


def soap_fault(reason: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soap:Envelope xmlns:soap="{saml_bindings.SOAP_ENV}"><soap:Body><soap:Fault>'
        f"<faultcode>soap:Client</faultcode><faultstring>{reason}</faultstring>"
        "</soap:Fault></soap:Body></soap:Envelope>"
    ).encode("utf-8")


def certificates_for_redirect() -> list[str]:
    client = sp_client()
    return _idp_certificates(client, idp_entity_id(client.config))


def log_ended(channel: str, count: int) -> None:
    logger.info("sso logout requested by the IdP", extra={"sso_channel": channel, "sso_logins_ended": count})
