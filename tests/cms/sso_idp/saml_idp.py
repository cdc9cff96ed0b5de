"""A SAML identity provider built from pysaml2's own IdP code (``saml2.server.Server``), signing with xmlsec1.

It plays NemLog-in in-process: it parses and verifies the portal's signed HTTP-Redirect AuthnRequest, then
answers with an OIOSAML-shaped response (signed and, like NemLog-in, encrypted assertion) for the ACS URL the
request named. Keyword arguments make the wrong answers the negative tests need.
"""

import base64
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from cms.sso import oiosaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.config import IdPConfig
    from saml2.metadata import create_metadata_string
    from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
    from saml2.server import Server
    from saml2.sigver import get_xmlsec_binary
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

SSO_URL_PATH = "sso/redirect"


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
                    "endpoints": {"single_sign_on_service": [(f"{entity_id}{SSO_URL_PATH}", BINDING_HTTP_REDIRECT)]},
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
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text="https://data.gov.dk/model/core/eid/person/test"),
            authn={"class_ref": oiosaml.loa_uri(loa), "authn_auth": self.entity_id},
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            encrypt_assertion=encrypt,
            encrypt_cert_assertion=encrypt_cert and _pem(encrypt_cert),
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
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


def _pem(base64_der: str) -> str:
    base64_der = "".join(base64_der.split())
    body = "\n".join(base64_der[i:i + 64] for i in range(0, len(base64_der), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
