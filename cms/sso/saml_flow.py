"""The SAML login round trip: a signed AuthnRequest out, a verified OIOSAML response back.

The XML is decoded and checked here before pysaml2 sees it: strict base64, a size cap, and no DTD at all (so no
external entities and no entity expansion), then handed to pysaml2 as XML. Passing it decoded also keeps pysaml2
from trying to inflate the POST value, which the HTTP-POST binding never compresses (an inflate bomb otherwise).
"""

import base64
import binascii
from dataclasses import dataclass

from django.conf import settings

from . import oiosaml, replay, saml_algorithms, saml_bindings, saml_checks
from .errors import SSOError
from .identity import PersonIdentity, ProfessionalIdentity
from .saml_config import idp_entity_id, quiet_import, saml_settings, sp_client
from .saml_sessions import SamlSession

AUDIENCES = ("editor", "citizen", "business")
PROFILE_FOR = {
    "editor": oiosaml.PROFESSIONAL_PROFILE, "citizen": oiosaml.PERSON_PROFILE,
    "business": oiosaml.PROFESSIONAL_PROFILE,  # MitID Erhverv: an employee acting for a company (CVR)
}


@dataclass(frozen=True)
class PendingLogin:
    """What the browser carries between the AuthnRequest and the response (in a signed cookie)."""

    request_id: str
    idp: str
    audience: str
    next_url: str


def start_login(audience: str, next_url: str, force_authn: bool = False) -> tuple[str, PendingLogin]:
    """The IdP URL to redirect to (a signed HTTP-Redirect AuthnRequest) and the login to remember;
    ``force_authn`` makes the IdP authenticate again instead of reusing its session (ForceAuthn)."""
    with quiet_import():
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import AuthnContextClassRef
        from saml2.samlp import RequestedAuthnContext
        from saml2.xmldsig import SIG_RSA_SHA256

    client = sp_client()
    idp = idp_entity_id(client.config)
    requested = RequestedAuthnContext(
        authn_context_class_ref=[
            AuthnContextClassRef(text=oiosaml.loa_uri(oiosaml.MINIMUM_LOA)),
            AuthnContextClassRef(text=PROFILE_FOR[audience]),
        ],
        comparison="minimum",
    )
    request_id, _binding, http_info = client.prepare_for_negotiated_authenticate(
        entityid=idp, binding=BINDING_HTTP_REDIRECT, sign=True, sigalg=SIG_RSA_SHA256,
        requested_authn_context=requested, **({"force_authn": "true"} if force_authn else {}),
    )
    location = dict(http_info["headers"])["Location"]
    return location, PendingLogin(request_id=request_id, idp=idp, audience=audience, next_url=next_url)


def decode_response(value: str) -> str:
    """The XML of an HTTP-POST SAMLResponse, or SSOError: not base64, too large, not XML, with a DTD, or signed
    with an algorithm weaker than SHA-256."""
    if len(value) > settings.SSO_SAML_MAX_RESPONSE_BYTES * 4 // 3 + 4:
        raise SSOError("request_too_large")
    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
        xml = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        raise SSOError("malformed_response", "not base64 UTF-8") from None
    saml_bindings.checked_xml(xml)
    return xml


def _reason_for(error: Exception) -> tuple[str, str]:
    """Map pysaml2's exceptions (which carry document fragments; those are never logged) to reasons."""
    with quiet_import():
        from saml2.response import IncorrectlySigned, StatusError, UnsolicitedResponse
        from saml2.sigver import MissingKey, SigverError
        from saml2.validate import ResponseLifetimeExceed, ToEarly

    name = type(error).__name__
    if isinstance(error, UnsolicitedResponse):
        return "no_pending_login", name
    if isinstance(error, (IncorrectlySigned, MissingKey, SigverError)):
        return "invalid_signature", name
    if isinstance(error, (ResponseLifetimeExceed, ToEarly)):
        return "expired", name
    if isinstance(error, StatusError):
        return "idp_error", name
    text = str(error)
    # pysaml2 raises bare Exceptions for these two; their wording is the only way to tell them apart.
    if "AudienceRestrictions" in text:
        return "wrong_audience", name
    if "I don't recall" in text:
        return "no_pending_login", name
    return "invalid_response", name


def _saml_session(response, idp: str) -> SamlSession:
    """What single logout needs to name this login to the IdP later (NameID and SessionIndex)."""
    name_id = response.name_id
    statements = response.assertion.authn_statement or []
    session_index = next((s.session_index for s in statements if s.session_index), "")
    return SamlSession(idp=idp, name_id=str(name_id) if name_id is not None else "",
                       name_id_value=(getattr(name_id, "text", "") or "").strip(), session_index=session_index)


def finish_login(
    saml_response: str, pending: PendingLogin
) -> tuple[ProfessionalIdentity | PersonIdentity, SamlSession]:
    """Verify the response to ``pending`` and return the identity it proves and its NemLog-in session;
    SSOError otherwise."""
    xml = decode_response(saml_response)
    client = sp_client()
    current = saml_settings()
    try:
        # binding=None: pysaml2 takes the XML as it is (decoded above) and still checks our ACS URL.
        response = client.parse_authn_request_response(
            xml, None, outstanding={pending.request_id: pending.next_url},
            # any conv_info makes pysaml2 compare SubjectConfirmationData/@Recipient with the ACS URL
            conv_info={"recipient_check": True},
        )
    except Exception as error:  # noqa: BLE001 - pysaml2 signals refusals with many unrelated types, even Exception
        reason, detail = _reason_for(error)
        raise SSOError(reason, detail) from None
    if response is None:
        raise SSOError("invalid_response", "rejected by pysaml2")
    if response.in_response_to != pending.request_id:
        raise SSOError("no_pending_login", "InResponseTo")
    # An encrypted assertion's signature is only visible now that pysaml2 has decrypted it.
    saml_algorithms.check_signature_object(getattr(response.assertion, "signature", None))
    not_on_or_after = saml_checks.check_envelope(
        response, issuer=pending.idp, entity_id=current.entity_id, acs_url=current.acs_url,
        clock_skew=current.clock_skew,
    )
    if pending.audience in ("editor", "business"):
        identity = saml_checks.professional_identity(response)
    else:
        identity = saml_checks.person_identity(response)
    # Last, so that a response refused for another reason does not burn its ID.
    if not replay.first_use("saml", f"{pending.idp} {response.assertion.id}", not_on_or_after):
        raise SSOError("replayed")
    return identity, _saml_session(response, pending.idp)
