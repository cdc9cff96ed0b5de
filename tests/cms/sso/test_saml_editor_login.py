"""Editors log in with NemLog-in (OIOSAML 3.0.3, Professional profile) against a real pysaml2 IdP."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.sso import oiosaml
from content_models.models import Municipality
from content_models.roles import NATIONAL_APPROVERS, NATIONAL_EDITORS

from .conftest import (
    EDITOR_UUID,
    NATIONAL_CVR,
    assert_refused,
    post_saml_response,
    professional_attributes,
    start_saml_login,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_authn_request_is_signed_and_asks_for_substantial_professional_login(client, saml_idp):
    request = start_saml_login(client, saml_idp)  # the IdP has verified the RSA-SHA256 query signature
    assert request.query["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    assert request.issuer == "http://testserver/sso/saml/metadata/"
    assert request.acs_url == "http://testserver/sso/saml/acs/"
    assert request.requested_class_refs == (
        "https://data.gov.dk/concept/core/nsis/loa/Substantial", oiosaml.PROFESSIONAL_PROFILE,
    )
    assert request.comparison == "minimum"


def test_a_tampered_authn_request_fails_the_idps_signature_check(client, saml_idp):
    from saml2.response import IncorrectlySigned

    response = client.get("/sso/saml/login/", {"audience": "editor"})
    location = response["Location"] + "&RelayState=tampered"
    with pytest.raises(IncorrectlySigned):
        saml_idp.receive(location)


def test_municipal_editor_logs_in_and_lands_in_the_municipality_group(client, saml_idp, aarhus_authority, sso_logs):
    request = start_saml_login(client, saml_idp, next_url="/admin/pages/")
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes()))

    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    user = User.objects.get(username=f"nemlogin-{EDITOR_UUID}")
    assert list(user.groups.all()) == [Municipality.objects.get(code="751").editor_group]
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Karen", "Blixen")
    assert client.get("/admin/").status_code == 200
    sso_logs.assert_clean()


def test_unencrypted_signed_assertions_are_accepted_too(client, saml_idp, aarhus_authority):
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes(), encrypt=False))
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_high_assurance_is_accepted(client, saml_idp, aarhus_authority):
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes(), loa="High"))
    assert response.status_code == 302


def test_low_assurance_is_refused(client, saml_idp, aarhus_authority, sso_logs):
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes(), loa="Low"))
    assert_refused(response, "loa_too_low", sso_logs)
    assert not User.objects.filter(username__startswith="nemlogin-").exists()


def test_unknown_cvr_is_refused_with_a_clear_message(client, saml_idp, aarhus_authority, sso_logs):
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes(cvr="11112222")))
    assert_refused(response, "unknown_organisation", sso_logs)
    assert "CVR-nummer" in response.content.decode()
    assert not User.objects.filter(username__startswith="nemlogin-").exists()


def test_national_cvr_gives_national_editors_and_keeps_hand_assigned_groups(
    client, saml_idp, aarhus_authority, settings
):
    settings.SSO_NATIONAL_CVRS = [NATIONAL_CVR]
    request = start_saml_login(client, saml_idp)
    post_saml_response(client, saml_idp.respond(request, professional_attributes()))
    user = User.objects.get(username=f"nemlogin-{EDITOR_UUID}")
    user.groups.add(Group.objects.get(name=NATIONAL_APPROVERS))  # an administrator's own choice

    client.logout()
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes(cvr=NATIONAL_CVR)))

    assert response.status_code == 302
    assert set(user.groups.values_list("name", flat=True)) == {NATIONAL_EDITORS, NATIONAL_APPROVERS}


def test_a_deactivated_editor_is_refused(client, saml_idp, aarhus_authority, sso_logs):
    User.objects.create(username=f"nemlogin-{EDITOR_UUID}", is_active=False)
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, professional_attributes()))
    assert_refused(response, "account_disabled", sso_logs)


def test_missing_professional_attributes_are_refused(client, saml_idp, aarhus_authority, sso_logs):
    attributes = professional_attributes()
    del attributes[oiosaml.CVR]
    request = start_saml_login(client, saml_idp)
    response = post_saml_response(client, saml_idp.respond(request, attributes))
    assert_refused(response, "missing_attributes", sso_logs)
