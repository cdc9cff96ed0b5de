"""Editors' groups from NemLog-in's attributes (organisation CVR, privilege attribute), with an audit trail of each
decision and no personal data in the log."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.models import EditorRoleDecision
from cms.sso import oiosaml
from cms.sso.privileges import CVR_SCOPE, encode
from content_models.models import Municipality
from content_models.roles import NATIONAL_APPROVERS, NATIONAL_EDITORS

from .conftest import (
    AARHUS_CVR,
    EDITOR_UUID,
    NATIONAL_CVR,
    assert_refused,
    post_saml_response,
    professional_attributes,
    start_saml_login,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
EDITOR = "https://borgerportalen.dk/roles/usersystemrole/redaktoer/1"
APPROVER = "https://borgerportalen.dk/roles/usersystemrole/godkender/1"


def _log_in(client, saml_idp, cvr=AARHUS_CVR, privileges=None, scope=None):
    extra = {}
    if privileges is not None:
        extra[oiosaml.PRIVILEGES] = [encode({CVR_SCOPE + (scope or cvr): privileges})]
    request = start_saml_login(client, saml_idp)
    return post_saml_response(client, saml_idp.respond(request, professional_attributes(cvr=cvr, **extra)))


def _groups():
    return set(User.objects.get(username=f"nemlogin-{EDITOR_UUID}").groups.values_list("name", flat=True))


def test_the_cvr_alone_decides_when_no_privilege_is_required(client, saml_idp, aarhus_authority, sso_logs, caplog):
    assert _log_in(client, saml_idp).status_code == 302
    aarhus = Municipality.objects.get(code="751").editor_group
    (decision,) = EditorRoleDecision.objects.all()
    assert (decision.outcome, decision.reason, decision.organisation_cvr) == ("granted", "municipality_cvr", AARHUS_CVR)
    assert decision.granted_groups == [aarhus.name] and decision.editor_privilege is None
    assert decision.user.username == f"nemlogin-{EDITOR_UUID}"
    assert "editor role decision: granted (municipality_cvr)" in caplog.messages
    sso_logs.assert_clean(EDITOR_UUID, AARHUS_CVR)


def test_with_a_required_privilege_only_employees_given_it_become_editors(
    client, saml_idp, aarhus_authority, settings, sso_logs
):
    settings.SSO_EDITOR_PRIVILEGE = EDITOR
    assert_refused(_log_in(client, saml_idp, privileges=[]), "no_editor_privilege", sso_logs)
    assert_refused(_log_in(client, saml_idp, privileges=[EDITOR], scope="12345678"), "no_editor_privilege", sso_logs)
    assert not User.objects.filter(username__startswith="nemlogin-").exists()

    assert _log_in(client, saml_idp, privileges=[EDITOR]).status_code == 302
    assert _groups() == {Municipality.objects.get(code="751").editor_group.name}
    outcomes = list(EditorRoleDecision.objects.order_by("id").values_list("outcome", "reason", "editor_privilege"))
    assert outcomes == [("refused", "no_editor_privilege", False), ("refused", "no_editor_privilege", False),
                        ("granted", "municipality_cvr", True)]
    sso_logs.assert_clean(EDITOR_UUID)


def test_the_approver_privilege_gives_and_takes_the_national_approver_group(client, saml_idp, settings):
    settings.SSO_NATIONAL_CVRS = [NATIONAL_CVR]
    settings.SSO_EDITOR_PRIVILEGE, settings.SSO_APPROVER_PRIVILEGE = EDITOR, APPROVER
    _log_in(client, saml_idp, cvr=NATIONAL_CVR, privileges=[EDITOR, APPROVER])
    assert _groups() == {NATIONAL_EDITORS, NATIONAL_APPROVERS}

    client.logout()
    _log_in(client, saml_idp, cvr=NATIONAL_CVR, privileges=[EDITOR])  # the organisation took the right back
    assert _groups() == {NATIONAL_EDITORS}
    last = EditorRoleDecision.objects.first()
    assert last.removed_groups == [NATIONAL_APPROVERS] and last.approver_privilege is False


def test_a_hand_assigned_approver_stays_when_sso_does_not_decide_approvers(client, saml_idp, settings):
    settings.SSO_NATIONAL_CVRS = [NATIONAL_CVR]
    _log_in(client, saml_idp, cvr=NATIONAL_CVR)
    User.objects.get(username=f"nemlogin-{EDITOR_UUID}").groups.add(Group.objects.get(name=NATIONAL_APPROVERS))
    client.logout()
    _log_in(client, saml_idp, cvr=NATIONAL_CVR)
    assert _groups() == {NATIONAL_EDITORS, NATIONAL_APPROVERS}


def test_refusals_are_recorded_without_an_unknown_organisations_number(client, saml_idp, aarhus_authority, sso_logs):
    assert_refused(_log_in(client, saml_idp, cvr="11112222"), "unknown_organisation", sso_logs)
    User.objects.create(username=f"nemlogin-{EDITOR_UUID}", is_active=False)
    assert_refused(_log_in(client, saml_idp), "account_disabled", sso_logs)
    unknown, disabled = EditorRoleDecision.objects.order_by("id")
    assert (unknown.outcome, unknown.reason, unknown.organisation_cvr, unknown.user) == (
        "refused", "unknown_organisation", "", None)
    assert (disabled.reason, disabled.user.username) == ("account_disabled", f"nemlogin-{EDITOR_UUID}")
    sso_logs.assert_clean("11112222")


def test_the_audit_report_is_for_administrators_in_danish(client, saml_idp, aarhus_authority, admin_user):
    _log_in(client, saml_idp)
    editor_client = client
    assert editor_client.get("/admin/sso-role-decisions/").status_code in (302, 403)

    admin = type(client)()
    admin.force_login(admin_user)
    page = admin.get("/admin/sso-role-decisions/")
    body = page.content.decode()
    assert page.status_code == 200 and "Rolletildelinger ved login" in body
    assert "Tildelt" in body and "municipality_cvr" in body and AARHUS_CVR in body
