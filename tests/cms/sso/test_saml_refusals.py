"""Wrong SAML responses are refused with a Danish message and a 4xx page, logged without personal data."""

import base64
import time

import pytest
from django.contrib.auth import get_user_model
from saml2.xmldsig import DIGEST_SHA1, SIG_RSA_SHA1

from cms.sso import replay
from tests.cms.sso_idp.saml_idp import SamlTestIdP

from .conftest import (
    IDP_ENTITY_ID,
    OTHER_SP_ENTITY_ID,
    assert_refused,
    post_saml_response,
    professional_attributes,
    start_saml_login,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _authority(aarhus_authority):
    """Every response here would be a valid Aarhus editor login but for the one thing each test breaks."""


def test_an_unsigned_assertion_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    unsigned = saml_idp.respond(request, professional_attributes(), sign_assertion=False)
    assert_refused(post_saml_response(client, unsigned), "invalid_signature", sso_logs)
    assert not User.objects.filter(username__startswith="nemlogin-").exists()


def test_an_unsigned_assertion_in_a_signed_response_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    response = saml_idp.respond(request, professional_attributes(), sign_assertion=False, sign_response=True)
    assert_refused(post_saml_response(client, response), "invalid_signature", sso_logs)


def test_an_assertion_signed_with_a_key_outside_the_metadata_is_refused(client, saml_idp, rogue_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    forged = rogue_idp.respond(request, professional_attributes())
    assert_refused(post_saml_response(client, forged), "invalid_signature", sso_logs)


def test_an_idp_missing_from_the_metadata_cannot_sign_with_its_embedded_certificate(
    client, saml_idp, sso_keys, saml_parties, sso_logs
):
    # pysaml2 falls back to the certificate inside the message for unknown issuers unless told not to.
    stranger = SamlTestIdP("https://stranger.invalid/", *sso_keys["rogue"], sp_metadata=[saml_parties.sp_metadata])
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, stranger.respond(request, professional_attributes(), encrypt=False))
    assert_refused(response, "invalid_signature", sso_logs)


def test_a_signed_assertion_altered_afterwards_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    altered = saml_idp.respond(
        request, professional_attributes(), encrypt=False,
        xml_hook=lambda xml: xml.replace("55133018", "34051178"),  # another organisation's CVR
    )
    assert_refused(post_saml_response(client, altered), "invalid_signature", sso_logs)


def test_an_assertion_for_another_service_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    elsewhere = saml_idp.respond(request, professional_attributes(), audience=OTHER_SP_ENTITY_ID)
    assert_refused(post_saml_response(client, elsewhere), "wrong_audience", sso_logs)


def test_a_response_for_another_address_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    elsewhere = saml_idp.respond(
        request, professional_attributes(), destination="https://anden-tjeneste.example.dk/acs"
    )
    assert_refused(post_saml_response(client, elsewhere), "wrong_recipient", sso_logs)


def test_an_expired_assertion_is_refused(client, saml_idp, sso_keys, saml_parties, settings, sso_logs):
    settings.SSO_CLOCK_SKEW_SECONDS = 0
    hasty = SamlTestIdP(
        IDP_ENTITY_ID, *sso_keys["idp"], sp_metadata=[saml_parties.sp_metadata], lifetime={"seconds": 1}
    )
    request = start_saml_login(client, saml_idp)
    saml_response = hasty.respond(request, professional_attributes())
    time.sleep(2.1)
    assert_refused(post_saml_response(client, saml_response), "expired", sso_logs)


def test_a_replayed_assertion_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    saml_response = saml_idp.respond(request, professional_attributes())
    pending_cookie = client.cookies["sso_saml_pending"].value
    assert post_saml_response(client, saml_response).status_code == 302

    # The same browser state posts it again (a double submit, or an attacker holding both cookie and response).
    client.logout()
    client.cookies["sso_saml_pending"] = pending_cookie
    client.cookies["sso_saml_pending"]["path"] = "/sso/saml/acs/"
    assert_refused(post_saml_response(client, saml_response), "replayed", sso_logs)


def test_a_response_without_a_pending_login_in_this_browser_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    saml_response = saml_idp.respond(request, professional_attributes())
    client.cookies.clear()  # another browser, or an IdP-initiated login
    assert_refused(post_saml_response(client, saml_response), "no_pending_login", sso_logs)


def test_a_response_to_another_request_is_refused(client, saml_idp, sso_logs):
    first = start_saml_login(client, saml_idp)
    start_saml_login(client, saml_idp)  # the browser's pending login is now the second request
    saml_response = saml_idp.respond(first, professional_attributes())
    assert_refused(post_saml_response(client, saml_response), "no_pending_login", sso_logs)


def test_a_cancelled_login_at_the_idp_is_reported(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    assert_refused(post_saml_response(client, saml_idp.error_response(request)), "idp_error", sso_logs)


def test_refused_responses_do_not_burn_the_replay_cache(client, saml_idp, monkeypatch):
    used = []
    monkeypatch.setattr(replay, "first_use", lambda *args: used.append(args) or True)
    request = start_saml_login(client, saml_idp)
    post_saml_response(client, saml_idp.respond(request, professional_attributes(), sign_assertion=False))
    assert used == []


def test_the_pending_login_cookie_cannot_be_forged(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    saml_response = saml_idp.respond(request, professional_attributes())
    forged = base64.b64encode(b'{"request_id": "x"}').decode()
    client.cookies["sso_saml_pending"] = forged
    client.cookies["sso_saml_pending"]["path"] = "/sso/saml/acs/"
    assert_refused(post_saml_response(client, saml_response), "no_pending_login", sso_logs)


@pytest.mark.parametrize(
    "options",
    [
        {"encrypt": True},  # the SHA-1 signature is inside the encrypted assertion
        {"encrypt": False},
        {"encrypt": False, "sign_response": True},
    ],
    ids=["encrypted-assertion", "plain-assertion", "signed-response"],
)
def test_a_sha1_signed_response_or_assertion_is_refused(client, saml_idp, sso_logs, options):
    request = start_saml_login(client, saml_idp)
    weak = saml_idp.respond(request, professional_attributes(), sign_alg=SIG_RSA_SHA1, digest_alg=DIGEST_SHA1,
                            **options)
    assert_refused(post_saml_response(client, weak), "weak_algorithm", sso_logs)
    assert not User.objects.filter(username__startswith="nemlogin-").exists()


def test_a_sha256_signature_over_a_sha1_digest_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp)
    weak = saml_idp.respond(request, professional_attributes(), digest_alg=DIGEST_SHA1, encrypt=False)
    assert_refused(post_saml_response(client, weak), "weak_algorithm", sso_logs)
