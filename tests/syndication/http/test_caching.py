"""HTTP caching of GET responses: ETag, Cache-Control, 304, and new ETags once content changes."""

import pytest

from content_models import publishing
from tests import factories

from .conftest import GRAPHQL_RESPONSE

pytestmark = pytest.mark.django_db

GUIDES = "{ guides(first: 10) { totalCount edges { node { slug title } } } }"


def test_get_has_etag_and_public_cache_control(api, settings):
    response = api.get_query(GUIDES)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Cache-Control"] == f"public, max-age={settings.GRAPHQL_CACHE_MAX_AGE}"
    assert {"Accept", "Authorization", "X-Api-Key", "Origin"} <= {
        v.strip() for v in response["Vary"].split(",")
    }


def test_same_query_same_etag(api):
    assert api.get_query(GUIDES)["ETag"] == api.get_query(GUIDES)["ETag"]


@pytest.mark.parametrize("if_none_match", ["{etag}", "W/{etag}", '"older", {etag}', "*"])
def test_if_none_match_gives_304_without_a_body(api, if_none_match):
    etag = api.get_query(GUIDES)["ETag"]
    response = api.get_query(GUIDES, HTTP_IF_NONE_MATCH=if_none_match.format(etag=etag))
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"].startswith("public")


def test_a_stale_etag_gets_the_full_response(api):
    response = api.get_query(GUIDES, HTTP_IF_NONE_MATCH='"not-the-current-one"')
    assert response.status_code == 200
    assert response.json()["data"]["guides"]["totalCount"] == 0


def test_post_is_never_cached(api):
    response = api.post(GUIDES)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")


def test_publishing_changes_the_etag_and_the_content(api):
    first = api.get_query(GUIDES)
    assert first.json()["data"]["guides"]["totalCount"] == 0
    factories.make_guide(slug="flytning", title="Flytning")

    after = api.get_query(GUIDES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200  # not 304: the partner must see the new guide
    assert after["ETag"] != first["ETag"]
    assert after.json()["data"]["guides"]["edges"] == [{"node": {"slug": "flytning", "title": "Flytning"}}]


def test_unpublishing_changes_the_etag_too(api):
    guide = factories.make_guide(slug="flytning", title="Flytning")
    first = api.get_query(GUIDES)
    publishing.unpublish(guide)
    after = api.get_query(GUIDES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after.json()["data"]["guides"]["totalCount"] == 0


def test_a_partner_key_makes_the_response_private(api, partner_key, settings):
    _, raw_key = partner_key
    response = api.get_query(GUIDES, HTTP_X_API_KEY=raw_key)
    assert response.status_code == 200
    assert response["Cache-Control"] == f"private, max-age={settings.GRAPHQL_CACHE_MAX_AGE}"
    again = api.get_query(GUIDES, HTTP_AUTHORIZATION=f"Bearer {raw_key}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"].startswith("private")


def test_responses_with_errors_are_not_cached(api):
    # A NOT_FOUND (or a resolver failing) must not stick in a CDN after the guide is published.
    response = api.get_query('{ guide(slug: "flytning") { title } }')
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")
    factories.make_guide(slug="flytning", title="Flytning")
    assert api.get_query('{ guide(slug: "flytning") { title } }').json() == {"data": {"guide": {"title": "Flytning"}}}


def test_each_media_type_is_cached_with_its_own_content_type(api):
    plain = api.get_query(GUIDES, HTTP_ACCEPT="application/json")
    strict = api.get_query(GUIDES, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert plain["Content-Type"].startswith("application/json")
    assert strict["Content-Type"].startswith(GRAPHQL_RESPONSE)
    assert api.get_query(GUIDES, HTTP_ACCEPT=GRAPHQL_RESPONSE)["Content-Type"].startswith(GRAPHQL_RESPONSE)
