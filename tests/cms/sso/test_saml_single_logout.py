"""Single logout with the pysaml2 IdP: started by the portal (citizen, editor) or by the IdP (HTTP-Redirect,
HTTP-POST, SOAP back channel). A logout ends the portal session's login and its encrypted CPR number; forged,
unsigned, SHA-1, expired, replayed or misaddressed logout messages are refused with a Danish page."""

from dataclasses import replace

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.test import Client
from saml2 import samlp
from saml2.saml import NameID
from saml2.time_util import in_a_while
from saml2.xmldsig import DIGEST_SHA1, SIG_RSA_SHA1

from cms.sso.citizen import current_citizen
from tests.cms.sso_idp.saml_idp import PERSON_NAME_ID, SLO_URL_PATH

from .conftest import (
    CITIZEN_CPR,
    IDP_ENTITY_ID,
    OTHER_SP_ENTITY_ID,
    SP_ENTITY_ID,
    person_attributes,
    post_saml_response,
    professional_attributes,
    start_saml_login,
)

pytestmark = pytest.mark.django_db
IDP_SLO = f"{IDP_ENTITY_ID}{SLO_URL_PATH}"


@pytest.fixture
def citizen_client(client, saml_idp):
    request = start_saml_login(client, saml_idp, audience="citizen")
    assert post_saml_response(client, saml_idp.respond(request, person_attributes())).status_code == 302
    assert client.session.get("sso_citizen") and client.session.get("sso_saml", {}).get("citizen")
    return client


def _stored_sessions() -> str:
    return " ".join(str(session.get_decoded()) for session in Session.objects.all())


def _assert_citizen_gone(client, session_key=None):
    assert "sso_citizen" not in client.session and "citizen" not in client.session.get("sso_saml", {})
    decoded = _stored_sessions()
    assert "cpr_token" not in decoded and "sso_citizen" not in decoded


def _refused(response, reason, sso_logs, status=None):
    from cms.sso.errors import LOGOUT_MESSAGES, REASONS

    assert response.status_code == (status or REASONS[reason][0]), response.content[:400]
    body = response.content.decode()
    assert "Log ud-beskeden blev afvist" in body and LOGOUT_MESSAGES[reason] in body
    assert reason in sso_logs.reasons()
    sso_logs.assert_clean(PERSON_NAME_ID)


# --- started by the portal ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer_binding", ["redirect", "post"])
def test_a_citizen_logout_ends_the_session_here_and_at_nemlogin(citizen_client, saml_idp, sso_logs, answer_binding):
    issued = saml_idp.issued[-1]
    response = citizen_client.post("/sso/borger/logout/", {"next": "/mine-abonnementer/"})
    assert response.status_code == 302 and response["Location"].startswith(IDP_SLO + "?")
    _assert_citizen_gone(citizen_client)  # signed out here before the browser even reaches NemLog-in

    request = saml_idp.receive_logout(response["Location"])  # pysaml2 verifies the query signature
    assert request.issuer == SP_ENTITY_ID and request.destination == IDP_SLO
    assert request.name_id == PERSON_NAME_ID and request.session_indexes == (issued.session_index,)
    assert request.query["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"

    answer = saml_idp.logout_response(request, binding=answer_binding)
    if answer_binding == "post":
        done = citizen_client.post("/sso/saml/slo/", answer)
    else:
        done = citizen_client.get(answer)
    assert done.status_code == 302 and done["Location"] == "/mine-abonnementer/"
    assert [str(m) for m in get_messages(done.wsgi_request)] == ["Du er logget ud af portalen og af NemLog-in."]
    assert done.cookies["sso_saml_logout"].value == ""  # the pending logout is used up
    sso_logs.assert_clean(PERSON_NAME_ID)


def test_an_editor_logout_from_the_admin_goes_through_nemlogin(client, saml_idp, aarhus_authority):
    request = start_saml_login(client, saml_idp, audience="editor")
    assert post_saml_response(client, saml_idp.respond(request, professional_attributes())).status_code == 302
    assert "_auth_user_id" in client.session

    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response["Location"].startswith(IDP_SLO + "?")
    assert "_auth_user_id" not in client.session
    logout = saml_idp.receive_logout(response["Location"])
    assert client.get(saml_idp.logout_response(logout))["Location"] == "/admin/login/"


def test_a_login_without_nemlogin_logs_out_locally(client, settings):
    settings.SSO_DEV_CITIZEN_LOGIN = True
    client.post("/sso/borger/testperson/", {"person": "2", "next": "/"})
    assert client.session.get("sso_citizen")
    response = client.post("/sso/borger/logout/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "sso_citizen" not in client.session


def test_a_partial_logout_at_the_idp_is_reported(citizen_client, saml_idp):
    logout = saml_idp.receive_logout(citizen_client.post("/sso/borger/logout/", {"next": "/"})["Location"])
    done = citizen_client.get(saml_idp.logout_response(logout, status="urn:oasis:names:tc:SAML:2.0:status:Responder"))
    assert done.status_code == 302
    assert "luk browseren" in str(list(get_messages(done.wsgi_request))[0])


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"sign": False}, "invalid_signature"),
        ({"sign_alg": SIG_RSA_SHA1}, "weak_algorithm"),
        ({"in_response_to": "id-another-request"}, "no_pending_login"),
        ({"destination": "https://anden-tjeneste.example.dk/slo"}, "wrong_recipient"),
    ],
    ids=["unsigned", "sha1", "other-request", "other-destination"],
)
def test_a_bad_answer_to_the_portals_logout_is_refused_and_the_citizen_stays_signed_out(
    citizen_client, saml_idp, sso_logs, change, reason
):
    logout = saml_idp.receive_logout(citizen_client.post("/sso/borger/logout/", {"next": "/"})["Location"])
    _refused(citizen_client.get(saml_idp.logout_response(logout, **change)), reason, sso_logs)
    _assert_citizen_gone(citizen_client)


def test_a_forged_answer_signed_with_another_key_is_refused(citizen_client, saml_idp, rogue_idp, sso_logs):
    logout = saml_idp.receive_logout(citizen_client.post("/sso/borger/logout/", {"next": "/"})["Location"])
    _refused(citizen_client.post("/sso/saml/slo/", rogue_idp.logout_response(logout, binding="post")),
             "invalid_signature", sso_logs)


# --- started by NemLog-in ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("binding", ["redirect", "post"])
def test_an_idp_initiated_logout_through_the_browser_ends_the_login_and_answers_signed(
    citizen_client, saml_idp, saml_parties, sso_keys, sso_logs, binding
):
    message = saml_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID, binding=binding)
    response = citizen_client.get(message) if binding == "redirect" else citizen_client.post("/sso/saml/slo/", message)
    assert response.status_code == 302 and response["Location"].startswith(IDP_SLO + "?")
    _assert_citizen_gone(citizen_client)

    certificate = "".join(sso_keys["sp"][1].read_text().splitlines()[1:-1])
    answer, query = saml_idp.verify_logout_response(response["Location"], certificate)
    assert answer.status.status_code.value == samlp.STATUS_SUCCESS
    assert answer.issuer.text == SP_ENTITY_ID and answer.destination == IDP_SLO
    assert query["RelayState"] == "idp-relay" and query["SigAlg"].endswith("rsa-sha256")
    sso_logs.assert_clean(PERSON_NAME_ID)


def test_a_logout_for_another_nemlogin_session_leaves_this_one_alone(citizen_client, saml_idp):
    message = saml_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID, session_index="id-another-session")
    response = citizen_client.get(message)
    assert response.status_code == 302  # answered (nothing to end here is not an error)
    assert current_citizen(response.wsgi_request) is not None


def test_the_soap_back_channel_ends_the_session_without_the_browser(citizen_client, saml_idp, sso_logs):
    session_key = citizen_client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    envelope = saml_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID, binding="soap")
    response = Client().post("/sso/saml/slo/soap/", envelope, content_type="text/xml")  # the IdP, no cookies
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert not Session.objects.filter(session_key=session_key).exists()  # with it the encrypted CPR number
    assert CITIZEN_CPR not in _stored_sessions()
    assert citizen_client.get("/mine-abonnementer/")["Location"].startswith("/sso/borger/login/")

    body = response.content.decode()
    signed = body[body.index("<ns0:LogoutResponse") if "<ns0:LogoutResponse" in body else body.index("LogoutResponse") - 7:]
    signed = signed[: signed.rindex("</soap:Body>")]
    answer = saml_idp.server.sec.correctly_signed_logout_response(signed, must=True)
    assert answer.status.status_code.value == samlp.STATUS_SUCCESS
    sso_logs.assert_clean(PERSON_NAME_ID)


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"sign": False}, "invalid_signature"),
        ({"sign_alg": SIG_RSA_SHA1, "digest_alg": DIGEST_SHA1}, "weak_algorithm"),
        ({"expire": in_a_while(minutes=-10)}, "expired"),
        ({"destination": "http://testserver/sso/saml/acs/"}, "wrong_recipient"),
    ],
    ids=["unsigned", "sha1", "expired", "other-destination"],
)
@pytest.mark.parametrize("binding", ["redirect", "post", "soap"])
def test_bad_logout_requests_are_refused_and_end_nothing(citizen_client, saml_idp, sso_logs, binding, change, reason):
    if binding == "redirect" and "digest_alg" in change:
        change = {"sign_alg": SIG_RSA_SHA1}  # the query signature has no digest
    message = saml_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID, binding=binding, **change)
    if binding == "soap":
        response = Client().post("/sso/saml/slo/soap/", message, content_type="text/xml")
        assert response.status_code == 400 and reason.encode() in response.content
        assert reason in sso_logs.reasons()
    else:
        response = citizen_client.get(message) if binding == "redirect" else citizen_client.post("/sso/saml/slo/", message)
        _refused(response, reason, sso_logs)
    assert citizen_client.session.get("sso_citizen")  # still signed in
    sso_logs.assert_clean(PERSON_NAME_ID)


def test_a_replayed_logout_request_is_refused(citizen_client, saml_idp, sso_logs):
    message = saml_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID)
    assert citizen_client.get(message).status_code == 302
    _refused(citizen_client.get(message), "replayed", sso_logs)


def test_a_logout_request_signed_by_another_key_is_refused(citizen_client, saml_idp, rogue_idp, sso_logs):
    forged = rogue_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID, binding="post")
    _refused(citizen_client.post("/sso/saml/slo/", forged), "invalid_signature", sso_logs)
    soap = rogue_idp.logout_request(saml_idp.issued[-1], SP_ENTITY_ID, binding="soap")
    assert Client().post("/sso/saml/slo/soap/", soap, content_type="text/xml").status_code == 400
    assert citizen_client.session.get("sso_citizen")


def test_a_logout_request_for_another_service_is_refused(citizen_client, saml_idp, sso_logs):
    issued = saml_idp.issued[-1]
    elsewhere = replace(issued, name_id=NameID(format=issued.name_id.format, text=issued.name_id.text,
                                               sp_name_qualifier=OTHER_SP_ENTITY_ID))
    _refused(citizen_client.get(saml_idp.logout_request(elsewhere, SP_ENTITY_ID)), "wrong_audience", sso_logs)
    assert citizen_client.session.get("sso_citizen")
