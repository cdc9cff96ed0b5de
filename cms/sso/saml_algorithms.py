"""Signature and digest algorithms: only SHA-256 or stronger, in both directions (OIOSAML 3).

pysaml2 verifies whatever algorithm xmlsec1 supports (SHA-1, even MD5) and advertises all of them in metadata.
The portal signs with RSA-SHA256 only (saml_config), advertises only what is listed here (saml_metadata) and
refuses any message whose signature uses anything else: checked on the XML as it arrives, on an assertion
once pysaml2 has decrypted it, and on the ``SigAlg`` of an HTTP-Redirect message.
"""

from .errors import SSOError

DS = "http://www.w3.org/2000/09/xmldsig#"
SIGNATURE_METHODS = (
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
)
DIGEST_METHODS = (
    "http://www.w3.org/2001/04/xmlenc#sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512",
)


def check_sigalg(sigalg: str | None) -> None:
    """The SigAlg of an HTTP-Redirect message."""
    if sigalg not in SIGNATURE_METHODS:
        raise SSOError("weak_algorithm", "redirect SigAlg")


def check_signed_xml(root) -> None:
    """Every ds:Signature in an XML tree (ElementTree/defusedxml element) signs and digests with allowed methods."""
    for signature in root.iter(f"{{{DS}}}Signature"):
        methods = [element.get("Algorithm") for element in signature.iter(f"{{{DS}}}SignatureMethod")]
        digests = [element.get("Algorithm") for element in signature.iter(f"{{{DS}}}DigestMethod")]
        if not methods or any(method not in SIGNATURE_METHODS for method in methods):
            raise SSOError("weak_algorithm", "signature method")
        if not digests or any(digest not in DIGEST_METHODS for digest in digests):
            raise SSOError("weak_algorithm", "digest method")


def check_signature_object(signature) -> None:
    """The same for a signature pysaml2 has parsed (e.g. of an assertion it decrypted); None is not checked."""
    if signature is None:
        return
    info = signature.signed_info
    method = getattr(getattr(info, "signature_method", None), "algorithm", None)
    if method not in SIGNATURE_METHODS:
        raise SSOError("weak_algorithm", "assertion signature method")
    digests = [getattr(reference.digest_method, "algorithm", None) for reference in (info.reference or [])]
    if not digests or any(digest not in DIGEST_METHODS for digest in digests):
        raise SSOError("weak_algorithm", "assertion digest method")
