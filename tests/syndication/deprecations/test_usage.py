"""Which deprecated fields each partner key queries: counted per key, field and day, never the query itself."""

import dataclasses
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from syndication.graphql.core import deprecations
from syndication.http import documents
from syndication.models import DeprecatedFieldUsage, Partner
from syndication.partners.keys import issue_key
from tests.syndication.http.conftest import GRAPHQL_RESPONSE, Api

pytestmark = pytest.mark.django_db

DEPRECATED = "query Kommuner { municipalities { code code4 name } }"
CURRENT = "query Kommuner { municipalities { code name } }"


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def key(db):
    partner = Partner.objects.create(name="Aarhus Kommune", slug="aarhus", requests_per_minute=1000)
    stored, raw = issue_key(partner, name="Hjemmeside")
    return stored, raw


def counts():
    return list(DeprecatedFieldUsage.objects.values_list("key__name", "field", "day", "count"))


def test_each_request_with_a_deprecated_field_counts_once_for_its_key(api, key):
    stored, raw = key
    for _ in range(3):
        assert api.post(DEPRECATED, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    api.post(DEPRECATED)  # anonymous: there is no key to count it for
    assert counts() == [("Hjemmeside", "Municipality.code4", timezone.localdate(), 3)]
    row = DeprecatedFieldUsage.objects.get()
    # Aggregated, no content: nothing of the query, its variables or the answer is kept.
    assert {f.name for f in DeprecatedFieldUsage._meta.concrete_fields} == {
        "id", "key", "field", "day", "count", "last_seen_at"}
    assert row.last_seen_at <= timezone.now()


def test_fields_in_fragments_and_under_aliases_count_too(api, key):
    _, raw = key
    query = "{ regions { municipalities { ...M } } } fragment M on Municipality { fire: code4 }"
    assert "errors" not in api.post(query, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [row[1:] for row in counts()] == [("Municipality.code4", timezone.localdate(), 1)]


def test_answers_from_the_response_cache_are_counted_too(api, key):
    _, raw = key
    first = api.get_query(DEPRECATED, HTTP_AUTHORIZATION=f"Bearer {raw}")
    second = api.get_query(DEPRECATED, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert first.status_code == second.status_code == 200 and first["ETag"] == second["ETag"]
    assert counts()[0][3] == 2


def test_a_query_text_is_examined_once_and_a_query_without_deprecated_fields_writes_nothing(api, key):
    _, raw = key
    documents.prepare.cache_clear()
    api.post(CURRENT, HTTP_AUTHORIZATION=f"Bearer {raw}")
    with CaptureQueriesContext(connection) as captured:
        api.post(CURRENT, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert not [q for q in captured if "deprecatedfieldusage" in q["sql"].lower()]
    assert documents.prepare.cache_info().misses == 1 and not DeprecatedFieldUsage.objects.exists()


def test_after_the_sunset_the_field_answers_an_error_naming_its_replacement(api, key, monkeypatch):
    _, raw = key
    past = dataclasses.replace(deprecations.BY_COORDINATE["Municipality.code4"], sunset=date(2020, 1, 1))
    monkeypatch.setitem(deprecations.BY_COORDINATE, "Municipality.code4", past)
    for accept, status in (("application/json", 200), (GRAPHQL_RESPONSE, 400)):
        response = api.post(DEPRECATED, HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT=accept)
        assert response.status_code == status
        body = response.json()
        assert "data" not in body
        [error] = body["errors"]
        assert error["extensions"] == {"code": "FIELD_SUNSET", "field": "Municipality.code4", "sunset": "2020-01-01",
                                       "replacement": "code"}
        assert error["message"].startswith("Municipality.code4 was removed on 2020-01-01. Use `code`")
    assert api.post(CURRENT).json()["data"]["municipalities"][0] == {"code": "101", "name": "København"}
    assert counts()[0][3] == 2  # its use is still counted: the partner still needs telling


def test_every_declared_deprecation_is_in_the_schema_with_its_sunset_and_no_other_is(api):
    body = api.post("{ __schema { types { name fields(includeDeprecated: true) { name isDeprecated "
                    "deprecationReason } } } }").json()
    found = {
        f"{graphql_type['name']}.{field['name']}": field["deprecationReason"]
        for graphql_type in body["data"]["__schema"]["types"] if not graphql_type["name"].startswith("__")
        for field in graphql_type["fields"] or () if field["isDeprecated"]
    }
    assert found == {d.coordinate: d.schema_reason for d in deprecations.DEPRECATIONS}
    for reason in found.values():
        assert deprecations.sunset_in(reason) is not None
    assert json.dumps(found).count("Sunset: ") == len(deprecations.DEPRECATIONS)
