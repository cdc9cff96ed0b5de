"""Citizens log in with MitID through NemLog-in (Person profile): the session keeps a CPR hash, never the CPR."""

import pytest
from django.contrib.sessions.models import Session

from cms.sso import oiosaml
from cms.sso.citizen import current_citizen
from cms.sso.cpr import cpr_hash

from .conftest import CITIZEN_CPR, assert_refused, person_attributes, post_saml_response, start_saml_login

pytestmark = pytest.mark.django_db


def test_citizen_login_asks_for_the_person_profile(client, saml_idp):
    request = start_saml_login(client, saml_idp, audience="citizen")
    assert oiosaml.PERSON_PROFILE in request.requested_class_refs
    assert "https://data.gov.dk/concept/core/nsis/loa/Substantial" in request.requested_class_refs


def test_citizen_session_holds_the_cpr_hash_and_municipality(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp, audience="citizen", next_url="/min-side/")
    response = post_saml_response(client, saml_idp.respond(request, person_attributes()))

    assert response.status_code == 302 and response["Location"] == "/min-side/"
    citizen = current_citizen(response.wsgi_request)
    assert citizen.municipality_code == "101"
    assert citizen.cpr_hash == cpr_hash(CITIZEN_CPR) and len(citizen.cpr_hash) == 64
    assert citizen.loa == "Substantial" and citizen.source == "nemlogin"
    assert "_auth_user_id" not in client.session  # a citizen is no Django user
    stored = Session.objects.get(session_key=client.session.session_key).session_data
    decoded = str(Session.objects.get(session_key=client.session.session_key).get_decoded())
    assert CITIZEN_CPR not in stored and CITIZEN_CPR not in decoded
    sso_logs.assert_clean()


def test_citizen_login_page_and_logout(client, saml_idp):
    page = client.get("/sso/borger/login/", {"next": "/min-side/"})
    assert "Log ind med MitID" in page.content.decode()
    request = start_saml_login(client, saml_idp, audience="citizen")
    post_saml_response(client, saml_idp.respond(request, person_attributes()))
    page = client.get("/sso/borger/login/").content.decode()
    assert "Du er logget ind" in page and CITIZEN_CPR not in page

    response = client.post("/sso/borger/logout/", {"next": "https://evil.example.com/"})
    assert current_citizen(response.wsgi_request) is None
    # Through NemLog-in (single logout) and back to the start page, never to the other site.
    back = client.get(saml_idp.logout_response(saml_idp.receive_logout(response["Location"])))
    assert back.status_code == 302 and back["Location"] == "/"


def test_an_invalid_cpr_number_is_refused(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp, audience="citizen")
    response = post_saml_response(client, saml_idp.respond(request, person_attributes(cpr="3213701234")))
    assert_refused(response, "invalid_cpr", sso_logs)
    sso_logs.assert_clean("3213701234")


def test_low_assurance_is_refused_for_citizens(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp, audience="citizen")
    response = post_saml_response(client, saml_idp.respond(request, person_attributes(), loa="Low"))
    assert_refused(response, "loa_too_low", sso_logs)


def test_a_person_living_abroad_has_no_municipality(client, saml_idp):
    request = start_saml_login(client, saml_idp, audience="citizen")
    response = post_saml_response(client, saml_idp.respond(request, person_attributes(cpr="0505055678")))
    assert response.status_code == 302
    assert current_citizen(response.wsgi_request).municipality_code is None


def test_an_editor_response_cannot_sign_in_a_citizen(client, saml_idp, sso_logs):
    from .conftest import professional_attributes

    request = start_saml_login(client, saml_idp, audience="citizen")
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes()))
    assert_refused(response, "missing_attributes", sso_logs)
