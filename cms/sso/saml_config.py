"""The pysaml2 service-provider configuration, built from Django settings (and so from the environment).

OIOSAML 3.0.3 choices: AuthnRequests signed (RSA-SHA256, HTTP-Redirect binding), assertions must be signed,
responses arrive by HTTP-POST, encrypted assertions are decrypted with the SP key, only keys from the IdP
metadata are trusted, and unsolicited (IdP-initiated) responses are refused. Single logout: signed
LogoutRequests and LogoutResponses over HTTP-Redirect and HTTP-POST (/sso/saml/slo/) and the SOAP back channel
(/sso/saml/slo/soap/); only SHA-256 or stronger (saml_algorithms).
"""

import contextlib
import functools
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import oiosaml
from .errors import SSOError
from .keys import write_self_signed_pair


@contextlib.contextmanager
def quiet_import():
    """pysaml2 is imported where it is used: it takes seconds (XML schemas), which every process that loads the
    URLconf would otherwise pay. It also touches cryptography's deprecated CFB mode, which SAML does not use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


REQUIRED_ATTRIBUTES = (oiosaml.SPEC_VERSION, oiosaml.LOA_ATTRIBUTE)
OPTIONAL_ATTRIBUTES = (
    oiosaml.PROFESSIONAL_UUID, oiosaml.CVR, oiosaml.ORGANISATION_NAME, oiosaml.PRIVILEGES,
    oiosaml.AUTHORIZED_TO_REPRESENT, oiosaml.CPR_NUMBER,
    oiosaml.FIRST_NAME, oiosaml.LAST_NAME, oiosaml.EMAIL,
)


@dataclass(frozen=True)
class SamlSettings:
    entity_id: str
    acs_url: str
    slo_url: str  # HTTP-Redirect and HTTP-POST
    slo_soap_url: str  # SOAP back channel
    key_file: str
    cert_file: str
    idp_metadata_files: tuple[str, ...]
    idp_entity_id: str
    clock_skew: int
    contact_email: str
    service_names: tuple[tuple[str, str], ...]  # (name, language): Danish and English
    organisation_names: tuple[tuple[str, str], ...]
    organisation_url: str


def saml_settings() -> SamlSettings:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return SamlSettings(
        entity_id=settings.SAML_SP_ENTITY_ID or f"{base_url}/sso/saml/metadata/",
        acs_url=f"{base_url}/sso/saml/acs/",
        slo_url=f"{base_url}/sso/saml/slo/",
        slo_soap_url=f"{base_url}/sso/saml/slo/soap/",
        key_file=settings.SAML_SP_KEY_FILE,
        cert_file=settings.SAML_SP_CERT_FILE,
        idp_metadata_files=tuple(str(path) for path in settings.SAML_IDP_METADATA_FILES),
        idp_entity_id=settings.SAML_IDP_ENTITY_ID,
        clock_skew=settings.SSO_CLOCK_SKEW_SECONDS,
        contact_email=settings.SAML_SP_CONTACT_EMAIL,
        service_names=((settings.SAML_SP_SERVICE_NAME_DA, "da"), (settings.SAML_SP_SERVICE_NAME_EN, "en")),
        organisation_names=(
            (settings.SAML_SP_ORGANISATION_NAME_DA, "da"), (settings.SAML_SP_ORGANISATION_NAME_EN, "en"),
        ),
        organisation_url=settings.SAML_SP_ORGANISATION_URL or base_url,
    )


def is_configured() -> bool:
    """SAML is offered when the SP has a key pair (generated on first use in development) and IdP metadata."""
    current = saml_settings()
    if not (current.key_file and current.cert_file and current.idp_metadata_files):
        return False
    if not all(Path(path).is_file() for path in current.idp_metadata_files):
        return False
    key, cert = Path(current.key_file), Path(current.cert_file)
    if settings.SAML_SP_GENERATE_KEYS and not (key.exists() and cert.exists()):
        write_self_signed_pair(key, cert, common_name="Borgerportalen SP (udvikling)")
    return key.is_file() and cert.is_file()


@functools.lru_cache(maxsize=8)
def _sp_config(current: SamlSettings):
    with quiet_import():
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, BINDING_SOAP
        from saml2.config import SPConfig
        from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
        from saml2.sigver import get_xmlsec_binary
        from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    config = {
        "entityid": current.entity_id,
        "xmlsec_binary": get_xmlsec_binary(["/usr/bin", "/usr/local/bin"]),
        "key_file": current.key_file,
        "cert_file": current.cert_file,
        "encryption_keypairs": [{"key_file": current.key_file, "cert_file": current.cert_file}],
        "metadata": {"local": list(current.idp_metadata_files)},
        # Never verify with a certificate carried inside the message: only the IdP's keys from its metadata.
        "only_use_keys_in_metadata": True,
        "allow_unknown_attributes": True,  # OIOSAML attribute URIs are kept as they are
        "accepted_time_diff": current.clock_skew,
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "name_form": NAME_FORMAT_URI,
        "organization": {
            "name": list(current.organisation_names),
            "display_name": list(current.organisation_names),
            "url": [(current.organisation_url, "da"), (current.organisation_url, "en")],
        },
        "service": {
            "sp": {
                "name": current.service_names[0],  # saml_metadata adds the other languages
                "endpoints": {
                    "assertion_consumer_service": [(current.acs_url, BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (current.slo_url, BINDING_HTTP_REDIRECT), (current.slo_url, BINDING_HTTP_POST),
                        (current.slo_soap_url, BINDING_SOAP),
                    ],
                },
                "logout_requests_signed": True,
                "logout_responses_signed": True,
                "authn_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "name_id_policy_format": NAMEID_FORMAT_PERSISTENT,
                "required_attributes": list(REQUIRED_ATTRIBUTES),
                "optional_attributes": list(OPTIONAL_ATTRIBUTES),
                "requested_attribute_name_format": NAME_FORMAT_URI,
            }
        },
    }
    if current.contact_email:
        config["contact_person"] = [{"contact_type": "technical", "email_address": [current.contact_email]}]
    sp_config = SPConfig()
    sp_config.load(config)
    return sp_config


def sp_config():
    if not is_configured():
        raise SSOError("not_configured", "saml")
    return _sp_config(saml_settings())


def sp_client():
    with quiet_import():
        from saml2.client import Saml2Client

    # A new client per request: pysaml2 clients keep an in-memory cache of everyone they have seen.
    return Saml2Client(config=sp_config())


def idp_entity_id(config) -> str:
    """The configured IdP, or the only IdP in the metadata."""
    wanted = saml_settings().idp_entity_id
    idps = sorted(config.metadata.identity_providers())
    if wanted:
        if wanted not in idps:
            raise SSOError("not_configured", "SAML_IDP_ENTITY_ID is not in the IdP metadata")
        return wanted
    if len(idps) != 1:
        raise SSOError("not_configured", "set SAML_IDP_ENTITY_ID: the metadata has several IdPs")
    return idps[0]
