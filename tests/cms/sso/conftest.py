"""Fixtures for the SSO tests: test keys, a pysaml2 IdP, the npm oidc-provider, and log checks.

The identity providers are real (pysaml2's IdP with xmlsec1 signatures; oidc-provider over HTTP). Without
xmlsec1 or node the tests that need them skip on a laptop and fail in CI (CI=true).
"""

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import override_settings

from cms.sso import oiosaml
from cms.sso.keys import write_self_signed_pair
from content_models.models import Authority, Municipality
from tests.cms.sso_idp.oidc_provider import CONFIG as OIDC_CONFIG
from tests.cms.sso_idp.oidc_provider import OidcTestProvider
from tests.unavailable import unavailable

BASE_URL = "http://testserver"
SP_ENTITY_ID = f"{BASE_URL}/sso/saml/metadata/"
IDP_ENTITY_ID = "https://idp.nemlogin-test.invalid/"
OTHER_SP_ENTITY_ID = "https://anden-tjeneste.example.dk/"
OIDC_PROVIDER_PACKAGE = Path(__file__).resolve().parents[3] / "node_modules" / "oidc-provider" / "package.json"
AARHUS_CVR = "55133018"
NATIONAL_CVR = "34051178"
EDITOR_UUID = "323e4567-e89b-12d3-a456-426655440000"
CITIZEN_CPR = "0101701234"
PERSONAL_DATA = ("0101701234", "010170-1234", "Karen", "Blixen", "Jens Hansen", "karen@aarhus.dk")


def require_tool(name: str) -> None:
    if shutil.which(name) is None:
        message = f"needs `{name}` on PATH (apt-get install {'xmlsec1' if name == 'xmlsec1' else 'nodejs npm'})"
        unavailable(message)


@pytest.fixture(scope="session")
def sso_keys(tmp_path_factory):
    """Key pairs made at test time: the portal's SP, the test IdP, and a rogue IdP nobody trusts."""
    root = tmp_path_factory.mktemp("sso-keys")
    keys = {}
    for name in ("sp", "idp", "rogue"):
        keys[name] = (root / f"{name}-key.pem", root / f"{name}-cert.pem")
        write_self_signed_pair(*keys[name], common_name=f"test {name}", key_size=2048)
    return keys


@pytest.fixture(scope="session")
def saml_parties(sso_keys, tmp_path_factory):
    """The portal's SP settings and metadata, the trusted pysaml2 IdP and a rogue one, made once."""
    require_tool("xmlsec1")
    from cms.sso.saml_config import sp_config
    from tests.cms.sso_idp.saml_idp import SamlTestIdP

    root = tmp_path_factory.mktemp("saml")
    sp_settings = {
        "WAGTAILADMIN_BASE_URL": BASE_URL, "SAML_SP_ENTITY_ID": "", "SAML_IDP_ENTITY_ID": IDP_ENTITY_ID,
        "SAML_SP_KEY_FILE": str(sso_keys["sp"][0]), "SAML_SP_CERT_FILE": str(sso_keys["sp"][1]),
    }
    # The SP metadata does not depend on the IdP; a placeholder IdP lets the SP configuration load.
    placeholder = root / "placeholder-idp.xml"
    placeholder.write_text(
        '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://placeholder.invalid/">'
        '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        'Location="https://placeholder.invalid/sso"/></IDPSSODescriptor></EntityDescriptor>'
    )
    with override_settings(**sp_settings, SAML_IDP_METADATA_FILES=[str(placeholder)]):
        from cms.sso.saml_metadata import metadata_xml

        sp_metadata = metadata_xml(sp_config()).decode()
    # Another service the IdP also serves: assertions for it must not open the portal.
    other_sp = {**sp_settings, "SAML_SP_ENTITY_ID": OTHER_SP_ENTITY_ID, "SAML_IDP_METADATA_FILES": [str(placeholder)]}
    with override_settings(**other_sp):
        other_sp_metadata = metadata_xml(sp_config()).decode()
    idp = SamlTestIdP(IDP_ENTITY_ID, *sso_keys["idp"], sp_metadata=[sp_metadata, other_sp_metadata])
    idp_file = root / "idp-metadata.xml"
    idp_file.write_text(idp.metadata())
    return SimpleNamespace(
        settings={**sp_settings, "SAML_IDP_METADATA_FILES": [str(idp_file)]}, sp_metadata=sp_metadata, idp=idp,
        rogue=SamlTestIdP(IDP_ENTITY_ID, *sso_keys["rogue"], sp_metadata=[sp_metadata]),
    )


@pytest.fixture
def saml_idp(saml_parties, settings):
    """The trusted pysaml2 IdP, with the portal configured as its SP (and the IdP as the portal's IdP)."""
    for name, value in saml_parties.settings.items():
        setattr(settings, name, value)
    return saml_parties.idp


@pytest.fixture
def rogue_idp(saml_idp, saml_parties):
    """Same entity ID as the trusted IdP, but signing with a key that is not in the portal's metadata."""
    return saml_parties.rogue


@pytest.fixture
def aarhus_authority(db):
    return Authority.objects.create(
        slug="aarhus-kommune", name="Aarhus Kommune", type=Authority.Type.MUNICIPALITY,
        municipality=Municipality.objects.get(code="751"), cvr=AARHUS_CVR,
    )


def professional_attributes(cvr=AARHUS_CVR, subject=EDITOR_UUID, **extra) -> dict[str, list[str]]:
    return {
        oiosaml.SPEC_VERSION: ["OIO-SAML-3.0"],
        oiosaml.PROFESSIONAL_UUID: [f"urn:uuid:{subject}"],
        oiosaml.CVR: [cvr],
        oiosaml.ORGANISATION_NAME: ["Aarhus Kommune"],
        oiosaml.FIRST_NAME: ["Karen"],
        oiosaml.LAST_NAME: ["Blixen"],
        oiosaml.EMAIL: ["karen@aarhus.dk"],
        **extra,
    }


def person_attributes(cpr=CITIZEN_CPR) -> dict[str, list[str]]:
    return {
        oiosaml.SPEC_VERSION: ["OIO-SAML-3.0"],
        oiosaml.CPR_NUMBER: [cpr],
        "https://data.gov.dk/model/core/eid/fullName": ["Jens Hansen"],
    }


def start_saml_login(client, idp, audience="editor", next_url=None):
    """GET /sso/saml/login/ and hand the redirect to the IdP, which verifies the signed AuthnRequest."""
    params = {"audience": audience} | ({"next": next_url} if next_url else {})
    response = client.get("/sso/saml/login/", params)
    assert response.status_code == 302, response.content
    return idp.receive(response["Location"])


def post_saml_response(client, saml_response: str):
    return client.post("/sso/saml/acs/", {"SAMLResponse": saml_response})


@pytest.fixture
def sso_logs(caplog):
    """Every log record at DEBUG; ``assert_clean()`` checks none carries personal data."""
    caplog.set_level(logging.DEBUG)

    class Logs:
        records = caplog.records

        @staticmethod
        def reasons():
            return [r.sso_reason for r in caplog.records if hasattr(r, "sso_reason")]

        @staticmethod
        def assert_clean(*extra):
            for record in caplog.records:
                text = record.getMessage() + " " + " ".join(str(value) for value in vars(record).values())
                for secret in (*PERSONAL_DATA, *extra):
                    assert secret not in text, f"{secret!r} logged by {record.name}: {record.getMessage()}"

    return Logs()


def assert_refused(response, reason: str, logs, status=None):
    """A refusal: a 4xx/503 page with the Danish message, the reason logged, and nobody signed in."""
    from cms.sso.errors import REASONS

    expected_status, message = REASONS[reason]
    assert response.status_code == (status or expected_status), response.content[:500]
    assert 400 <= response.status_code < 600 and response.status_code != 500
    body = response.content.decode()
    assert "Du blev ikke logget ind" in body
    assert message.replace("'", "&#x27;") in body
    assert reason in logs.reasons()
    assert "_auth_user_id" not in response.wsgi_request.session
    assert "sso_citizen" not in response.wsgi_request.session
    logs.assert_clean()


# --- OpenID Connect ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def oidc_server():
    """The npm oidc-provider on 127.0.0.1 for the whole session, stopped afterwards."""
    require_tool("node")
    if not OIDC_PROVIDER_PACKAGE.exists():
        pytest.fail("the npm dev dependency oidc-provider is missing: run `npm ci` (package.json pins it in "
                    "devDependencies, which `npm ci --omit=dev` leaves out)")
    server = OidcTestProvider(client_base_url=BASE_URL).start()
    yield server
    server.stop()




def _client(client_id: str) -> dict:
    return next(client for client in OIDC_CONFIG["clients"] if client["client_id"] == client_id)


@pytest.fixture
def oidc_providers(oidc_server, settings):
    """SSO_OIDC_PROVIDERS pointing at the test provider: an editor (RS256) and a citizen (ES256) client."""
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    editor, citizen = _client("portal-editor"), _client("portal-citizen")
    settings.SSO_OIDC_PROVIDERS = {
        "test-editor": {
            "issuer": oidc_server.issuer, "client_id": editor["client_id"], "client_secret": editor["client_secret"],
            "scopes": ["openid", "professional"], "audience": "editor", "label": "Log ind med test-IdP",
            "algorithms": ["RS256"],
        },
        "test-citizen": {
            "issuer": oidc_server.issuer, "client_id": citizen["client_id"],
            "client_secret": citizen["client_secret"], "scopes": "openid person", "audience": "citizen",
            "label": "Log ind med MitID (test)", "token_auth_method": "client_secret_post", "algorithms": ["ES256"],
        },
    }
    return oidc_server


# --- the CPR register (SF1520) -------------------------------------------------------------------------------

CPR_CONTEXT = {
    "CPR_SERVICE_AGREEMENT_UUID": "42571b5d-6371-4edb-8729-1343a3f4c9b9",
    "CPR_SERVICE_USER_SYSTEM_UUID": "99478e20-68e6-41ff-b822-681fb69b8ff2",
    "CPR_SERVICE_USER_UUID": "e3108916-8ed9-4482-8045-7b46c83904b0",
    "CPR_SERVICE_UUID": "e6be2436-bf35-4df2-83fe-925142825dc2",
}
CPR_TIMEOUT = 1.0


@pytest.fixture(scope="session")
def cpr_pki(tmp_path_factory):
    from tests.fakes.pki import make_pki

    return make_pki(tmp_path_factory.mktemp("cpr-pki"))


@pytest.fixture
def cpr_service(cpr_pki, settings):
    """The fake SF1520 service over mutual TLS, with the portal configured to use it as its person register."""
    from cms.sso import sf1520_client
    from cms.sso.sf1520_messages import InvocationContext
    from tests.fakes.cpr_service import FakeCprService

    context = InvocationContext(*CPR_CONTEXT.values())
    with FakeCprService(context, tls=cpr_pki) as fake:
        fake.state.slow_seconds = CPR_TIMEOUT + 1
        for name, value in CPR_CONTEXT.items():
            setattr(settings, name, value)
        settings.PERSON_REGISTER_ADAPTER = "cms.sso.person_register.CprServicePersonRegister"
        settings.CPR_SERVICE_URL = fake.url
        settings.CPR_SERVICE_CLIENT_CERT, settings.CPR_SERVICE_CLIENT_KEY = cpr_pki.client_cert, cpr_pki.client_key
        settings.CPR_SERVICE_CA_BUNDLE = cpr_pki.ca_cert
        settings.CPR_SERVICE_TIMEOUT, settings.CPR_SERVICE_RETRIES = CPR_TIMEOUT, 1
        settings.CPR_SERVICE_BREAKER_THRESHOLD, settings.CPR_SERVICE_BREAKER_SECONDS = 3, 60
        sf1520_client.breaker.reset()
        yield fake
        sf1520_client.breaker.reset()
