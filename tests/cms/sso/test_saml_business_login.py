"""MitID Erhverv through NemLog-in (Professional profile) for the business pages: the company's CVR, the employee
as a keyed hash, their right to manage from the privilege attribute or authorizedToRepresent; no Django user, no
CVR number in the clear, single logout like the other logins."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from cms.sso import oiosaml
from cms.sso.business import current_business, cvr_number
from cms.sso.number_crypto import keyed_hash
from cms.sso.privileges import CVR_SCOPE, encode

from .conftest import (
    AARHUS_CVR,
    EDITOR_UUID,
    IDP_ENTITY_ID,
    assert_refused,
    post_saml_response,
    professional_attributes,
    start_saml_login,
)

pytestmark = pytest.mark.django_db
RIGHT = "https://borgerportalen.dk/roles/usersystemrole/virksomhedsabonnementer/1"


def _log_in(client, saml_idp, **extra):
    request = start_saml_login(client, saml_idp, audience="business")
    assert request.requested_class_refs[-1] == oiosaml.PROFESSIONAL_PROFILE
    return post_saml_response(client, saml_idp.respond(request, professional_attributes(**extra)))


@pytest.mark.parametrize(
    "extra, may_manage",
    [
        ({oiosaml.PRIVILEGES: [encode({CVR_SCOPE + AARHUS_CVR: [RIGHT]})]}, True),
        ({oiosaml.PRIVILEGES: [encode({CVR_SCOPE + "12345678": [RIGHT]})]}, False),  # another company's right
        ({oiosaml.AUTHORIZED_TO_REPRESENT: [AARHUS_CVR]}, True),
        ({}, False),
    ],
    ids=["privilege", "privilege-elsewhere", "authorised-to-represent", "no-right"],
)
def test_a_business_login_signs_in_the_company_with_the_employees_right(client, saml_idp, sso_logs, extra, may_manage):
    response = _log_in(client, saml_idp, **extra)
    assert response.status_code == 302 and response["Location"] == "/virksomhed/"
    user = current_business(response.wsgi_request)
    assert user.may_manage is may_manage and user.organisation_name == "Aarhus Kommune"
    assert user.cvr_hash == keyed_hash("cvr", AARHUS_CVR) and cvr_number(user) == AARHUS_CVR
    assert "_auth_user_id" not in client.session and not get_user_model().objects.exists()  # no editor account
    stored = str(Session.objects.get(session_key=client.session.session_key).get_decoded())
    assert AARHUS_CVR not in stored and EDITOR_UUID not in stored and "Karen" not in stored
    assert client.session["sso_saml"]["business"]["idp"] == IDP_ENTITY_ID
    sso_logs.assert_clean(AARHUS_CVR, EDITOR_UUID)


def test_low_assurance_is_refused_for_businesses(client, saml_idp, sso_logs):
    request = start_saml_login(client, saml_idp, audience="business")
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes(), loa="Low"))
    assert_refused(response, "loa_too_low", sso_logs)
    assert "sso_business" not in client.session


def test_a_business_logout_is_a_single_logout(client, saml_idp):
    _log_in(client, saml_idp)
    response = client.post("/sso/virksomhed/logout/")
    assert response.status_code == 302 and response["Location"].startswith(f"{IDP_ENTITY_ID}slo?")
    assert "sso_business" not in client.session
    back = client.get(saml_idp.logout_response(saml_idp.receive_logout(response["Location"])))
    assert back["Location"] == "/virksomhed/"
