"""SP metadata, and the NemLog-in integration-test IdP metadata (cms/sso/idp_metadata/) as a configured IdP."""

import re
import zlib
from base64 import b64decode
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography import x509
from defusedxml.ElementTree import fromstring

from cms.sso import oiosaml
from cms.sso.saml_config import REQUIRED_ATTRIBUTES, sp_config

from .conftest import require_tool

pytestmark = pytest.mark.django_db
NEMLOGIN = "https://saml.test-nemlog-in.dk/"
NEMLOGIN_SSO = "https://login.test-nemlog-in.dk/idp/saml/3.0/"
METADATA_FILE = Path(__file__).resolve().parents[3] / "cms" / "sso" / "idp_metadata" / "nemlogin-inttest.xml"
MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"


@pytest.fixture
def nemlogin(saml_sp_keys, settings):
    """The portal with its default IdP: NemLog-in's integration-test environment."""
    settings.SAML_IDP_METADATA_FILES = [str(METADATA_FILE)]
    settings.SAML_IDP_ENTITY_ID = ""
    return settings


@pytest.fixture
def saml_sp_keys(sso_keys, settings):
    require_tool("xmlsec1")
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.dk"
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = map(str, sso_keys["sp"])
    return settings


def test_the_default_idp_metadata_is_the_committed_nemlogin_file(settings):
    assert settings.SAML_IDP_METADATA_FILES == [str(METADATA_FILE)]
    assert (METADATA_FILE.parent / "SOURCE.md").read_text().count("nemlogin-inttest.xml") >= 1


def test_pysaml2_loads_the_nemlogin_integration_test_metadata(nemlogin):
    from saml2 import BINDING_HTTP_REDIRECT

    metadata = sp_config().metadata
    assert list(metadata.identity_providers()) == [NEMLOGIN]
    assert metadata.single_sign_on_service(NEMLOGIN, BINDING_HTTP_REDIRECT)[0]["location"] == NEMLOGIN_SSO
    certificates = metadata.certs(NEMLOGIN, "idpsso", "signing")
    assert certificates
    der = b64decode("".join(certificates[0][1].split()))
    assert "NemLog-in IdP - Test" in x509.load_der_x509_certificate(der).subject.rfc4514_string()


def test_login_redirects_to_nemlogin_with_a_signed_request(nemlogin, client, sso_keys):
    from saml2.sigver import RSACrypto, verify_redirect_signature

    response = client.get("/sso/saml/login/", {"audience": "editor"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(NEMLOGIN_SSO + "?")
    query = dict(parse_qsl(urlsplit(location).query))
    assert query["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    certificate = "".join(sso_keys["sp"][1].read_text().splitlines()[1:-1])
    assert verify_redirect_signature(query, RSACrypto(None), cert=certificate)  # the SP metadata's certificate
    assert not verify_redirect_signature({**query, "RelayState": "x"}, RSACrypto(None), cert=certificate)

    request = fromstring(zlib.decompress(b64decode(query["SAMLRequest"]), -15))
    assert request.get("Destination") == NEMLOGIN_SSO
    assert request.get("AssertionConsumerServiceURL") == "https://portal.example.dk/sso/saml/acs/"
    cookie = response.cookies["sso_saml_pending"]
    assert cookie["path"] == "/sso/saml/acs/" and cookie["httponly"]


def test_sp_metadata_describes_an_oiosaml_service_provider(nemlogin, client):
    response = client.get("/sso/saml/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/samlmetadata+xml"
    root = fromstring(response.content)
    assert root.get("entityID") == "https://portal.example.dk/sso/saml/metadata/"
    sp = root.find(f"{MD}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true" and sp.get("WantAssertionsSigned") == "true"
    assert {key.get("use") for key in sp.findall(f"{MD}KeyDescriptor")} == {"signing", "encryption"}
    acs = sp.find(f"{MD}AssertionConsumerService")
    assert acs.get("Location") == "https://portal.example.dk/sso/saml/acs/"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    assert sp.find(f"{MD}NameIDFormat").text == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    requested = {attribute.get("Name"): attribute.get("isRequired") for attribute in sp.iter(f"{MD}RequestedAttribute")}
    assert {name for name, required in requested.items() if required == "true"} == set(REQUIRED_ATTRIBUTES)
    assert {oiosaml.PROFESSIONAL_UUID, oiosaml.CVR, oiosaml.ORGANISATION_NAME, oiosaml.CPR_NUMBER} <= set(requested)


def test_without_sp_keys_saml_is_off_and_says_so(client, settings, sso_logs):
    settings.SAML_SP_KEY_FILE = settings.SAML_SP_CERT_FILE = ""
    response = client.get("/sso/saml/metadata/")
    assert response.status_code == 503
    assert "ikke sat op" in response.content.decode()
    assert client.get("/sso/saml/login/").status_code == 503
    assert "Log ind med NemLog-in" not in client.get("/admin/login/").content.decode()


def test_development_makes_its_own_sp_key_pair_on_first_use(settings, tmp_path, client):
    require_tool("xmlsec1")
    settings.SAML_SP_GENERATE_KEYS = True
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = str(tmp_path / "k.pem"), str(tmp_path / "c.pem")
    assert client.get("/sso/saml/metadata/").status_code == 200
    assert (tmp_path / "k.pem").stat().st_mode & 0o777 == 0o600
    assert x509.load_pem_x509_certificate((tmp_path / "c.pem").read_bytes()).not_valid_after_utc


# The OIOSAML 3.0.3 rules for an SP's metadata that the portal must meet (checked on the served document).
SAML_BINDINGS = "urn:oasis:names:tc:SAML:2.0:bindings:"
STRONG_DIGESTS = {"http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2001/04/xmldsig-more#sha384",
                  "http://www.w3.org/2001/04/xmlenc#sha512"}
STRONG_SIGNATURES = {f"http://www.w3.org/2001/04/xmldsig-more#{a}-sha{n}" for a in ("rsa", "ecdsa")
                     for n in (256, 384, 512)}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _by_lang(elements) -> dict[str, str]:
    return {element.get(XML_LANG): (element.text or "").strip() for element in elements}


def test_sp_metadata_meets_the_oiosaml_profile_rules(nemlogin, client, settings):
    settings.SAML_SP_CONTACT_EMAIL = "drift@portal.example.dk"
    document = client.get("/sso/saml/metadata/").content
    root = fromstring(document)
    sp = root.find(f"{MD}SPSSODescriptor")
    assert sp.get("protocolSupportEnumeration") == "urn:oasis:names:tc:SAML:2.0:protocol"
    assert (sp.get("AuthnRequestsSigned"), sp.get("WantAssertionsSigned")) == ("true", "true")

    # Keys: a signing and an encryption certificate, RSA of at least 2048 bits, SHA-256 signed.
    for use in ("signing", "encryption"):
        (key,) = [k for k in sp.findall(f"{MD}KeyDescriptor") if k.get("use") == use]
        der = b64decode("".join(key.find(".//{http://www.w3.org/2000/09/xmldsig#}X509Certificate").text.split()))
        certificate = x509.load_der_x509_certificate(der)
        assert certificate.public_key().key_size >= 2048
        assert certificate.signature_hash_algorithm.name in ("sha256", "sha384", "sha512")

    # Endpoints: assertions by HTTP-POST; single logout by HTTP-Redirect, HTTP-POST and SOAP; all over HTTPS.
    acs = sp.findall(f"{MD}AssertionConsumerService")
    assert [a.get("Binding") for a in acs] == [SAML_BINDINGS + "HTTP-POST"]
    slo = {s.get("Binding").removeprefix(SAML_BINDINGS): s.get("Location") for s in sp.findall(f"{MD}SingleLogoutService")}
    assert slo == {"HTTP-Redirect": "https://portal.example.dk/sso/saml/slo/",
                   "HTTP-POST": "https://portal.example.dk/sso/saml/slo/",
                   "SOAP": "https://portal.example.dk/sso/saml/slo/soap/"}
    assert all(a.get("Location").startswith("https://") for a in acs)
    assert [n.text for n in sp.findall(f"{MD}NameIDFormat")] == ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"]

    # The service named in Danish and English; attributes requested by URI, spec version and LoA required.
    (service,) = sp.findall(f"{MD}AttributeConsumingService")
    names = _by_lang(service.findall(f"{MD}ServiceName"))
    assert set(names) == {"da", "en"} and all(names.values()) and names["da"] != names["en"]
    attributes = service.findall(f"{MD}RequestedAttribute")
    assert {a.get("NameFormat") for a in attributes} == {"urn:oasis:names:tc:SAML:2.0:attrname-format:uri"}
    assert {a.get("Name") for a in attributes if a.get("isRequired") == "true"} == {
        oiosaml.SPEC_VERSION, oiosaml.LOA_ATTRIBUTE}
    assert {oiosaml.PRIVILEGES, oiosaml.CVR, oiosaml.PROFESSIONAL_UUID} <= {a.get("Name") for a in attributes}

    # Who runs it: organisation in both languages, a technical contact.
    organisation = root.find(f"{MD}Organization")
    for tag in ("OrganizationName", "OrganizationDisplayName", "OrganizationURL"):
        values = _by_lang(organisation.findall(f"{MD}{tag}"))
        assert set(values) == {"da", "en"} and all(values.values()), tag
    (contact,) = root.findall(f"{MD}ContactPerson")
    assert contact.get("contactType") == "technical"
    assert contact.find(f"{MD}EmailAddress").text == "drift@portal.example.dk"

    # Algorithms: only SHA-256 or stronger advertised, and no weaker one named anywhere in the document.
    algorithms = "{urn:oasis:names:tc:SAML:metadata:algsupport}"
    digests = {e.get("Algorithm") for e in root.iter(f"{algorithms}DigestMethod")}
    signing = {e.get("Algorithm") for e in root.iter(f"{algorithms}SigningMethod")}
    assert digests and digests <= STRONG_DIGESTS and "http://www.w3.org/2001/04/xmlenc#sha256" in digests
    assert signing and signing <= STRONG_SIGNATURES and "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" in signing
    named = set(re.findall(rb'Algorithm="([^"]+)"', document))
    assert named == {a.encode() for a in digests | signing}  # md5, ripemd160, sha1, dsa-sha1, rsa-md5: none
