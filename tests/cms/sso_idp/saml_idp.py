"""A SAML identity provider built from pysaml2's own IdP code (``saml2.server.Server``), signing with xmlsec1.

It plays NemLog-in in-process: it parses and verifies the portal's signed HTTP-Redirect AuthnRequest, then
answers with an OIOSAML-shaped response (signed and, like NemLog-in, encrypted assertion) for the ACS URL the
request named. For single logout it verifies the portal's signed LogoutRequest and answers it, and starts
logouts of its own over HTTP-Redirect, HTTP-POST and SOAP. Keyword arguments make the wrong answers the
negative tests need (a SHA-1 signature, another destination, an expired or unsigned message, ...).
"""

import base64
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from cms.sso import oiosaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, BINDING_SOAP, samlp
    from saml2.config import IdPConfig
    from saml2.metadata import create_metadata_string
    from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
    from saml2.server import Server
    from saml2.sigver import RSACrypto, get_xmlsec_binary, verify_redirect_signature
    from saml2.time_util import in_a_while
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

SSO_URL_PATH = "sso/redirect"
SLO_URL_PATH = "slo"
PERSON_NAME_ID = "https://data.gov.dk/model/core/eid/person/pid/9208-2002-2-000000000001"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


@dataclass(frozen=True)
class Issued:
    """The NemLog-in session a response opened at the portal (what a logout names)."""

    name_id: "NameID"
    session_index: str


@dataclass(frozen=True)
class ReceivedLogout:
    """A LogoutRequest from the portal, as the IdP saw it after verifying its signature."""

    id: str
    issuer: str
    destination: str
    name_id: str
    session_indexes: tuple[str, ...]
    relay_state: str
    query: dict


@dataclass(frozen=True)
class ReceivedRequest:
    """An AuthnRequest as the IdP saw it after verifying its signature."""

    id: str
    issuer: str
    acs_url: str
    requested_class_refs: tuple[str, ...]
    comparison: str
    query: dict
    force_authn: bool = False  # the SP asked for a new authentication, not the IdP's session


class SamlTestIdP:
    def __init__(self, entity_id: str, key_file: Path, cert_file: Path, sp_metadata: list[str], lifetime=None):
        self.entity_id = entity_id
        config = IdPConfig()
        config.load({
            "entityid": entity_id,
            "xmlsec_binary": get_xmlsec_binary(["/usr/bin", "/usr/local/bin"]),
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "metadata": {"inline": sp_metadata},
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{entity_id}{SSO_URL_PATH}", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [
                            (f"{entity_id}{SLO_URL_PATH}", BINDING_HTTP_REDIRECT),
                            (f"{entity_id}{SLO_URL_PATH}", BINDING_HTTP_POST),
                            (f"{entity_id}{SLO_URL_PATH}/soap", BINDING_SOAP),
                        ],
                    },
                    "want_authn_requests_signed": True,
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {
                            "lifetime": lifetime or {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
        })
        self.server = Server(config=config)
        self.issued: list[Issued] = []

    def metadata(self) -> str:
        return create_metadata_string(None, self.server.config, sign=False).decode()

    def receive(self, location: str) -> ReceivedRequest:
        """Parse the redirect URL the portal sent the browser to; pysaml2 verifies the query signature."""
        query = dict(parse_qsl(urlsplit(location).query))
        parsed = self.server.parse_authn_request(
            query["SAMLRequest"], BINDING_HTTP_REDIRECT, relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"), signature=query.get("Signature"),
        )
        message = parsed.message
        context = message.requested_authn_context
        return ReceivedRequest(
            id=message.id,
            issuer=message.issuer.text,
            acs_url=message.assertion_consumer_service_url,
            requested_class_refs=tuple(ref.text for ref in context.authn_context_class_ref) if context else (),
            comparison=context.comparison if context else "",
            query=query,
            force_authn=str(message.force_authn).lower() in ("true", "1"),
        )

    def respond(
        self, request: ReceivedRequest, attributes: dict[str, list[str]], *, loa: str = "Substantial",
        sign_assertion: bool = True, sign_response: bool = False, encrypt: bool = True, audience: str | None = None,
        destination: str | None = None, in_response_to: str | None = None, xml_hook=None,
        sign_alg: str = SIG_RSA_SHA256, digest_alg: str = DIGEST_SHA256, name_id: str = PERSON_NAME_ID,
    ) -> str:
        """The base64 SAMLResponse the browser would post to the ACS."""
        sp_entity_id = audience or request.issuer
        encrypt_cert = None
        if encrypt:
            encrypt_cert = self.server.metadata.certs(request.issuer, "spsso", "encryption")[0][1]
        response = self.server.create_authn_response(
            {**attributes, oiosaml.LOA_ATTRIBUTE: [loa]},
            in_response_to=in_response_to or request.id,
            destination=destination or request.acs_url,
            sp_entity_id=sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id),
            authn={"class_ref": oiosaml.loa_uri(loa), "authn_auth": self.entity_id},
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            encrypt_assertion=encrypt,
            encrypt_cert_assertion=encrypt_cert and _pem(encrypt_cert),
            sign_alg=sign_alg,
            digest_alg=digest_alg,
        )
        assertion = list(self.server.session_db.assertion.values())[-1][0]
        self.issued.append(Issued(assertion.subject.name_id, assertion.authn_statement[0].session_index))
        xml = str(response)
        if xml_hook:
            xml = xml_hook(xml)
        return base64.b64encode(xml.encode()).decode()

    def error_response(self, request: ReceivedRequest) -> str:
        """A signed Response with status AuthnFailed (the person cancelled at the IdP)."""
        response = self.server.create_error_response(
            request.id, request.acs_url, info=("urn:oasis:names:tc:SAML:2.0:status:AuthnFailed", "Afbrudt"),
            sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
        )
        return base64.b64encode(str(response).encode()).decode()


    # --- single logout -------------------------------------------------------------------------------------

    def receive_logout(self, location: str) -> ReceivedLogout:
        """The portal's HTTP-Redirect LogoutRequest; pysaml2's IdP requires and verifies its signature."""
        query = dict(parse_qsl(urlsplit(location).query))
        parsed = self.server.parse_logout_request(
            query["SAMLRequest"], BINDING_HTTP_REDIRECT, relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"), signature=query.get("Signature"),
        )
        message = parsed.message
        return ReceivedLogout(
            id=message.id, issuer=message.issuer.text, destination=message.destination,
            name_id=message.name_id.text, session_indexes=tuple(i.text for i in message.session_index or []),
            relay_state=query.get("RelayState", ""), query=query,
        )

    def logout_response(self, request: ReceivedLogout, *, binding: str = "redirect", in_response_to: str | None = None,
                        destination: str | None = None, sign_alg: str = SIG_RSA_SHA256,
                        digest_alg: str = DIGEST_SHA256, sign: bool = True, status: str | None = None):
        """The answer to a portal-initiated logout: a path with query (redirect) or form data (post)."""
        destination = destination or _sp_slo(self.server, request.issuer)
        status_code = samlp.StatusCode(value=status or samlp.STATUS_SUCCESS)
        response = self.server._status_response(
            samlp.LogoutResponse, self.server._issuer(), samlp.Status(status_code=status_code),
            sign=sign and binding == "post", sign_alg=sign_alg, digest_alg=digest_alg,
            in_response_to=in_response_to or request.id, destination=destination,
        )
        return self._deliver(str(response), _sp_slo(self.server, request.issuer), "SAMLResponse", binding,
                             request.relay_state, sign, sign_alg)

    def logout_request(self, issued: Issued, sp_entity_id: str, *, binding: str = "redirect",
                       destination: str | None = None, sign_alg: str = SIG_RSA_SHA256,
                       digest_alg: str = DIGEST_SHA256, sign: bool = True, expire=None, session_index=None,
                       issuer_override=None):
        """An IdP-initiated LogoutRequest for ``issued``: a path with query (redirect), form data (post) or a SOAP
        envelope (soap)."""
        service = "soap" if binding == "soap" else "front"
        destination = destination or _sp_slo(self.server, sp_entity_id, soap=service == "soap")
        _request_id, request = self.server.create_logout_request(
            destination, sp_entity_id, name_id=issued.name_id,
            session_indexes=[session_index or issued.session_index], expire=expire or in_a_while(minutes=5),
            sign=sign and binding != "redirect", sign_alg=sign_alg, digest_alg=digest_alg,
        )
        xml = str(request)
        if issuer_override:
            xml = xml.replace(self.entity_id, issuer_override)
        if binding == "soap":
            if xml.startswith("<?xml"):
                xml = xml.split("?>", 1)[1]
            return (f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}"><soap:Body>'
                    f"{xml}</soap:Body></soap:Envelope>").encode()
        return self._deliver(xml, _sp_slo(self.server, sp_entity_id), "SAMLRequest", binding, "idp-relay", sign,
                             sign_alg)

    def _deliver(self, xml: str, url: str, kind: str, binding: str, relay_state: str, sign: bool, sign_alg):
        """The message as the browser brings it to ``url`` (the SP's endpoint, whatever its Destination says)."""
        if binding == "post":
            return {kind: base64.b64encode(xml.encode()).decode(), "RelayState": relay_state}
        if sign:
            info = self.server.apply_binding(BINDING_HTTP_REDIRECT, xml, url, relay_state=relay_state,
                                             response=kind == "SAMLResponse", sign=True, sigalg=sign_alg)
            location = dict(info["headers"])["Location"]
        else:
            from saml2.s_utils import deflate_and_base64_encode

            location = f"{url}?{urlencode({kind: deflate_and_base64_encode(xml), 'RelayState': relay_state})}"
        parts = urlsplit(location)
        return f"{parts.path}?{parts.query}"

    def verify_logout_response(self, location: str, sp_certificate: str):
        """The portal's answer to an IdP-initiated logout: its signature verified, the LogoutResponse parsed."""
        query = dict(parse_qsl(urlsplit(location).query))
        assert verify_redirect_signature(query, RSACrypto(None), cert=sp_certificate), "bad signature"
        from saml2.s_utils import decode_base64_and_inflate

        return samlp.logout_response_from_string(decode_base64_and_inflate(query["SAMLResponse"]).decode()), query


def _sp_slo(server, sp_entity_id: str, soap: bool = False) -> str:
    binding = BINDING_SOAP if soap else BINDING_HTTP_REDIRECT
    return server.metadata.single_logout_service(sp_entity_id, binding, "spsso")[0]["location"]


def _pem(base64_der: str) -> str:
    base64_der = "".join(base64_der.split())
    body = "\n".join(base64_der[i:i + 64] for i in range(0, len(base64_der), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
