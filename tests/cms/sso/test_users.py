"""Editors' identities to Wagtail users and editor groups (cms/sso/users.py)."""

import pytest
from django.contrib.auth.models import Group

from cms.sso.errors import SSOError
from cms.sso.identity import ProfessionalIdentity
from cms.sso.users import editor_group_for, sync_editor, username_for
from content_models.models import Authority, Municipality
from content_models.roles import NATIONAL_EDITORS

pytestmark = pytest.mark.django_db


def identity(**fields):
    return ProfessionalIdentity(**{"source": "nemlogin", "subject": "323E4567-E89B-12D3-A456-426655440000",
                                   "cvr": "55133018", "loa": "Substantial"} | fields)


def test_usernames_come_from_the_persistent_id_namespaced_by_idp():
    assert username_for(identity()) == "nemlogin-323e4567-e89b-12d3-a456-426655440000"
    assert username_for(identity(subject="urn:uuid:323e4567-e89b-12d3-a456-426655440000")) == username_for(identity())
    assert username_for(identity(source="kommune-ad", subject="ad|42")).startswith("kommune-ad-")
    assert "|" not in username_for(identity(source="kommune-ad", subject="ad|42"))
    assert username_for(identity(source="kommune-ad")) != username_for(identity())


def test_cvr_mapping(settings, aarhus_authority):
    assert editor_group_for("55133018") == Municipality.objects.get(code="751").editor_group
    settings.SSO_NATIONAL_CVRS = ["34051178"]
    assert editor_group_for("34051178") == Group.objects.get(name=NATIONAL_EDITORS)
    Authority.objects.create(slug="styrelse", name="Styrelse", type=Authority.Type.STATE, cvr="12345678")
    for cvr in ("12345678", "99999999"):  # a state agency is no municipality; an unknown CVR is unknown
        with pytest.raises(SSOError, match="unknown_organisation"):
            editor_group_for(cvr)


def test_a_cvr_shared_by_two_municipalities_is_ambiguous(aarhus_authority):
    Authority.objects.create(
        slug="odense", name="Odense", type=Authority.Type.MUNICIPALITY,
        municipality=Municipality.objects.get(code="461"), cvr="55133018",
    )
    with pytest.raises(SSOError, match="ambiguous_organisation"):
        editor_group_for("55133018")


def test_changing_employer_moves_the_editor_between_municipal_groups(aarhus_authority):
    Authority.objects.create(
        slug="odense", name="Odense", type=Authority.Type.MUNICIPALITY,
        municipality=Municipality.objects.get(code="461"), cvr="35953816",
    )
    user = sync_editor(identity())
    assert list(user.groups.all()) == [Municipality.objects.get(code="751").editor_group]
    user = sync_editor(identity(cvr="35953816"))
    assert list(user.groups.all()) == [Municipality.objects.get(code="461").editor_group]
