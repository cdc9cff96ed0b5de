"""Single-logout messages as they arrive over the three bindings, decoded and their signatures checked before
anything in them is believed.

- HTTP-Redirect: the signature covers the query string exactly as sent (SAML bindings 3.4.4.1), so it is
  verified over the raw ``SAMLRequest|SAMLResponse[&RelayState]&SigAlg`` octets with the IdP's metadata keys;
  the deflated message is inflated with a size cap.
- HTTP-POST and SOAP: the message carries an enveloped XML signature, verified by pysaml2 against the IdP's
  metadata keys only, and required (pysaml2 would accept an unsigned logout request).
Every binding: no DTD (defusedxml), a size cap, and only SHA-256-or-stronger algorithms (saml_algorithms).
"""

import base64
import binascii
import zlib
from dataclasses import dataclass
from urllib.parse import unquote_plus

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from lxml import etree

from . import saml_algorithms
from .errors import SSOError
from .saml_config import quiet_import

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


@dataclass(frozen=True)
class Message:
    kind: str  # "SAMLRequest" or "SAMLResponse"
    xml: str
    binding: str  # "redirect", "post" or "soap"
    relay_state: str = ""


def checked_xml(xml: str):
    """The parsed XML, or SSOError: not XML, a DTD or entities (no DTD at all: stops XXE and entity expansion), or
    a signature weaker than SHA-256."""
    try:
        root = fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SSOError("malformed_response", "DTD or entities") from None
    except ParseError:
        raise SSOError("malformed_response", "not XML") from None
    saml_algorithms.check_signed_xml(root)
    return root


def _limit() -> int:
    return settings.SSO_SAML_MAX_RESPONSE_BYTES


def _raw_pairs(query_string: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in query_string.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if name in pairs:
            raise SSOError("malformed_response", f"repeated {name[:20]}")
        pairs[name] = value
    return pairs


def _inflate(value: str) -> str:
    try:
        deflated = base64.b64decode(unquote_plus(value), validate=True)
        inflater = zlib.decompressobj(-15)
        data = inflater.decompress(deflated, _limit())
        if inflater.unconsumed_tail:
            raise SSOError("request_too_large")
        return data.decode("utf-8")
    except (binascii.Error, zlib.error, ValueError):
        raise SSOError("malformed_response", "not deflated base64") from None


def from_redirect(query_string: str, certificates: list[str]) -> Message:
    """A Redirect-binding message whose query signature verifies with one of the IdP's ``certificates``
    (base64 DER, from its metadata)."""
    if len(query_string) > _limit() * 2:
        raise SSOError("request_too_large")
    raw = _raw_pairs(query_string)
    kind = "SAMLRequest" if "SAMLRequest" in raw else "SAMLResponse" if "SAMLResponse" in raw else ""
    if not kind or ("SAMLRequest" in raw and "SAMLResponse" in raw):
        raise SSOError("malformed_response", "no SAML message")
    if "Signature" not in raw or "SigAlg" not in raw:
        raise SSOError("invalid_signature", "unsigned redirect message")
    sigalg = unquote_plus(raw["SigAlg"])
    saml_algorithms.check_sigalg(sigalg)
    signed = "&".join(f"{name}={raw[name]}" for name in (kind, "RelayState", "SigAlg") if name in raw).encode("ascii")
    try:
        signature = base64.b64decode(unquote_plus(raw["Signature"]), validate=True)
    except (binascii.Error, ValueError):
        raise SSOError("invalid_signature", "signature not base64") from None
    if not any(_verifies(certificate, sigalg, signed, signature) for certificate in certificates):
        raise SSOError("invalid_signature", "redirect signature")
    xml = _inflate(raw[kind])
    checked_xml(xml)
    return Message(kind, xml, "redirect", unquote_plus(raw.get("RelayState", "")))


def _verifies(certificate_b64: str, sigalg: str, signed: bytes, signature: bytes) -> bool:
    try:
        key = x509.load_der_x509_certificate(base64.b64decode("".join(certificate_b64.split()))).public_key()
    except ValueError:
        return False
    algorithm = HASHES[sigalg.rsplit("-", 1)[-1]]()
    try:
        if isinstance(key, rsa.RSAPublicKey) and "#rsa-" in sigalg:
            key.verify(signature, signed, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey) and "#ecdsa-" in sigalg:
            key.verify(signature, signed, ec.ECDSA(algorithm))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def from_post(form: dict) -> Message:
    """A POST-binding message (its enveloped signature is checked by ``verified``)."""
    kind = "SAMLRequest" if "SAMLRequest" in form else "SAMLResponse" if "SAMLResponse" in form else ""
    if not kind:
        raise SSOError("malformed_response", "no SAML message")
    value = form[kind]
    if len(value) > _limit() * 4 // 3 + 4:
        raise SSOError("request_too_large")
    try:
        xml = base64.b64decode("".join(value.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise SSOError("malformed_response", "not base64 UTF-8") from None
    checked_xml(xml)
    return Message(kind, xml, "post", form.get("RelayState", ""))


def from_soap(body: bytes) -> Message:
    """The LogoutRequest inside a SOAP 1.1 envelope, kept byte for byte (prefixes and all: its signature)."""
    if len(body) > _limit():
        raise SSOError("request_too_large")
    checked_xml(body.decode("utf-8", "replace"))  # DTD, entities and algorithms, before lxml sees it
    try:
        envelope = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise SSOError("malformed_response", "not XML") from None
    soap_body = envelope.find(f"{{{SOAP_ENV}}}Body") if envelope.tag == f"{{{SOAP_ENV}}}Envelope" else None
    if soap_body is None or len(soap_body) != 1:
        raise SSOError("malformed_response", "no SOAP body")
    return Message("SAMLRequest", etree.tostring(soap_body[0], encoding="unicode"), "soap")


def verified(client, message: Message):
    """The pysaml2 object of ``message`` (LogoutRequest or LogoutResponse). POST and SOAP messages must carry a
    valid enveloped signature from the IdP's metadata keys; a Redirect message's query signature was checked."""
    with quiet_import():
        from saml2 import samlp

    kind = "logout_request" if message.kind == "SAMLRequest" else "logout_response"
    try:
        if message.binding == "redirect":
            parsed = getattr(samlp, f"{kind}_from_string")(message.xml)
        else:
            check = getattr(client.sec, f"correctly_signed_{kind}")
            parsed = check(message.xml, must=True)
    except Exception as error:  # noqa: BLE001 - pysaml2 raises many unrelated types for a bad signature
        raise SSOError("invalid_signature", type(error).__name__) from None
    if parsed is None:
        raise SSOError("malformed_response", f"not a {kind}")
    return parsed
