"""Persisted queries: register a query once with its sha256, then GET it by hash (short, cacheable URLs)."""

import hashlib
import json

import pytest

from syndication.models import PersistedQuery

from .conftest import GRAPHQL_RESPONSE

pytestmark = pytest.mark.django_db

QUERY = "query Kommune($code: String!) { guide(slug: $code) { title } municipalities { code name } }"


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def persisted(digest, version=1):
    return json.dumps({"persistedQuery": {"version": version, "sha256Hash": digest}})


def get_by_hash(api, digest, variables=None, **headers):
    params = {"extensions": persisted(digest)}
    if variables is not None:
        params["variables"] = json.dumps(variables)
    return api.get(params, **headers)


def register(api, query=QUERY, digest=None, **headers):
    body = {"query": query, "variables": {"code": "x"}, "extensions": json.loads(persisted(digest or sha256(query)))}
    return api.post(body=json.dumps(body), **headers)


def test_a_registered_query_is_served_by_hash_alone(api):
    assert get_by_hash(api, sha256(QUERY), {"code": "x"}).json()["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_FOUND"
    )
    registered = register(api)
    assert registered.status_code == 200
    assert len(registered.json()["data"]["municipalities"]) == 98

    response = get_by_hash(api, sha256(QUERY), {"code": "x"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["data"]["municipalities"]) == 98
    assert body["data"]["guide"] is None
    # The hash is the whole query: cacheable by browsers and CDNs like any GET.
    assert PersistedQuery.objects.get(sha256=sha256(QUERY)).query == QUERY


def test_registering_by_get_with_the_query_works_too(api):
    query = "{ regions { code } }"
    first = api.get({"query": query, "extensions": persisted(sha256(query))})
    assert first.status_code == 200
    again = get_by_hash(api, sha256(query))
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["Cache-Control"].startswith("public")
    assert again["ETag"] == first["ETag"]


def test_hash_in_upper_case_is_the_same_query(api):
    register(api)
    assert get_by_hash(api, sha256(QUERY).upper(), {"code": "x"}).status_code == 200


@pytest.mark.parametrize("accept, status", [("application/json", 200), (GRAPHQL_RESPONSE, 400)])
def test_an_unknown_hash_is_persisted_query_not_found(api, accept, status):
    response = get_by_hash(api, sha256("{ topics { slug } }"), HTTP_ACCEPT=accept)
    assert response.status_code == status
    [error] = api.errors(response)
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert "sha256Hash" in error["message"]
    assert response["Cache-Control"] == "no-store"


def test_a_hash_that_does_not_match_the_query_is_400_and_not_stored(api):
    wrong = sha256("{ topics { slug } }")
    response = register(api, digest=wrong)
    assert response.status_code == 400
    assert "does not match" in api.errors(response)[0]["message"]
    assert not PersistedQuery.objects.exists()
    assert api.codes(get_by_hash(api, wrong)) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize(
    "extensions, reason",
    [
        ({"persistedQuery": {"version": 1, "sha256Hash": "abc"}}, "64 hex digits"),
        ({"persistedQuery": {"version": 1, "sha256Hash": "z" * 64}}, "64 hex digits"),
        ({"persistedQuery": {"version": 1}}, "64 hex digits"),
        ({"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}}, "Unsupported persistedQuery"),
        ({"persistedQuery": "a" * 64}, "Unsupported persistedQuery"),
    ],
)
def test_malformed_persisted_query_extensions_are_400(api, extensions, reason):
    response = api.get({"extensions": json.dumps(extensions)}, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert reason in api.errors(response)[0]["message"]


def test_only_valid_queries_are_stored(api):
    # Otherwise anyone could fill the table with junk under made-up queries.
    for junk in ("{ regions { kode } }", "{ regions { code ", "{" + "topics{" * 11 + "slug" + "}" * 12):
        response = register(api, query=junk)
        assert "errors" in response.json()
        assert api.codes(get_by_hash(api, sha256(junk))) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert not PersistedQuery.objects.exists()
