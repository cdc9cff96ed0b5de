"""Drafts reach the API only with a preview token, for the editor who asked for it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing

from content_models import publishing
from content_models.models import Municipality
from syndication.preview.tokens import SALT, issue_token
from tests import factories

pytestmark = pytest.mark.django_db

GUIDE = 'query ($slug: String!, $m: String) { guide(slug: $slug, municipality: $m) { title sections { key localText { bodyHtml } } } }'


def test_a_draft_is_invisible_without_a_token(gql):
    factories.make_guide(slug="kladde", title="Kladde", live=False)
    body = gql(GUIDE, {"slug": "kladde"})
    assert body["data"]["guide"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_editor_s_token_shows_the_latest_draft(gql, client):
    guide = factories.make_guide(slug="flytning", title="Flytning")
    guide.title = "Flytning (ny kladde)"
    publishing.save_draft(guide)
    editor = factories.national_editor()
    token = issue_token(editor, guide)
    assert gql(GUIDE, {"slug": "flytning"})["data"]["guide"]["title"] == "Flytning"
    previewed = client.post(
        "/graphql/", {"query": GUIDE, "variables": {"slug": "flytning"}}, content_type="application/json",
        HTTP_HOST="127.0.0.1", HTTP_X_PREVIEW_TOKEN=token,
    )
    assert previewed.json()["data"]["guide"]["title"] == "Flytning (ny kladde)"
    assert previewed["Cache-Control"] == "no-store"


def test_a_token_covers_only_its_own_item(gql, client):
    factories.make_guide(slug="a", title="A", live=False)
    other = factories.make_guide(slug="b", title="B", live=False)
    token = issue_token(factories.national_editor(), other)
    response = client.post(
        "/graphql/", {"query": GUIDE, "variables": {"slug": "a"}}, content_type="application/json",
        HTTP_HOST="127.0.0.1", HTTP_X_PREVIEW_TOKEN=token,
    )
    assert response.json()["data"]["guide"] is None


def test_a_municipal_editor_previews_their_draft_local_text(client):
    guide = factories.make_guide()
    kbh = Municipality.objects.get(code="101")
    local_text = factories.make_local_text(guide, municipality=kbh, body="<p>Kladde fra København</p>", live=False)
    token = issue_token(factories.municipal_editor("101"), local_text)
    response = client.post(
        "/graphql/", {"query": GUIDE, "variables": {"slug": "flytning", "m": "101"}},
        content_type="application/json", HTTP_HOST="127.0.0.1", HTTP_X_PREVIEW_TOKEN=token,
    )
    section = response.json()["data"]["guide"]["sections"][0]
    assert section["localText"]["bodyHtml"] == "<p>Kladde fra København</p>"


def test_tokens_of_editors_without_access_and_forged_tokens_are_refused(client):
    guide = factories.make_guide(live=False)
    outsider = factories.municipal_editor("751")  # may not edit national pages
    forged = signing.dumps(
        {"u": outsider.pk, "ct": ContentType.objects.get_for_model(guide).pk, "id": guide.pk}, salt="wrong"
    )
    stolen = signing.dumps({"u": outsider.pk, "ct": ContentType.objects.get_for_model(guide).pk, "id": guide.pk}, salt=SALT)
    for token in (forged, stolen, "garbage"):
        response = client.post(
            "/graphql/", {"query": GUIDE, "variables": {"slug": "flytning"}}, content_type="application/json",
            HTTP_HOST="127.0.0.1", HTTP_X_PREVIEW_TOKEN=token,
        )
        assert response.status_code == 403
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_editors_get_their_token_from_the_admin(client):
    guide = factories.make_guide(live=False)
    editor = factories.national_editor()
    client.force_login(editor)
    url = f"/admin/api-preview/{ContentType.objects.get_for_model(guide).pk}/{guide.pk}/"
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert b"X-Preview-Token" in response.content
    client.force_login(factories.municipal_editor("101"))
    assert client.get(url, HTTP_HOST="127.0.0.1").status_code in (302, 403)
