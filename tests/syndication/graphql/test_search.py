"""The GraphQL `search` contract: every kind in one ranked list, engine named, facets, paging, errors."""

import pytest

from content_models.worker.drain import drain
from search.models import QueryStat
from tests.factories import make_guide, make_self_service_link, make_standard

pytestmark = pytest.mark.django_db

SEARCH = """
query($q: String!, $m: String, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(query: $q, municipality: $m, kinds: $kinds, first: $first, after: $after) {
    totalCount engine degraded didYouMean correctedFrom partialMatch
    facets { field values { value count } }
    edges { cursor node { kind slug title summary url highlight promoted local } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.fixture
def content():
    make_guide(slug="flytning", title="Flytning", summary="Sådan anmelder du flytning.",
               sections=[("om", "Om flytning", "<p>Anmeld flytning i tide.</p>")])
    make_self_service_link(slug="anmeld-flytning", title="Anmeld flytning", description="Meld flytning digitalt.")
    make_standard(identifier="OIOUBL-2.1", title="OIOUBL 2.1", description="Elektroniske fakturaer.")
    make_guide(slug="kladde-flytning", title="Flytning kladde", live=False)
    drain()


def test_search_returns_every_kind_with_the_engine(gql, content):
    data = gql(SEARCH, {"q": "flytning"})["data"]["search"]
    assert data["engine"] == "database" and data["degraded"] is False
    kinds = {e["node"]["kind"] for e in data["edges"]}
    assert kinds == {"GUIDE", "SELF_SERVICE_LINK"}
    assert data["totalCount"] == 2  # the draft is not found
    guide = next(e["node"] for e in data["edges"] if e["node"]["kind"] == "GUIDE")
    assert guide["url"].endswith("/flytning/") and "<mark>" in guide["highlight"]
    assert {f["field"] for f in data["facets"]} == {"kind", "topic", "authority", "audience", "municipality"}


def test_kinds_filter_and_standards(gql, content):
    data = gql(SEARCH, {"q": "fakturaer", "kinds": ["STANDARD"]})["data"]["search"]
    assert [e["node"]["slug"] for e in data["edges"]] == ["OIOUBL-2.1"]


def test_cursor_paging(gql, content):
    first = gql(SEARCH, {"q": "flytning", "first": 1})["data"]["search"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = gql(SEARCH, {"q": "flytning", "first": 1, "after": first["pageInfo"]["endCursor"]})["data"]["search"]
    assert second["pageInfo"]["hasNextPage"] is False
    assert first["edges"][0]["node"]["slug"] != second["edges"][0]["node"]["slug"]


SEARCH_AS_TYPED = """
query($q: String!) { search(query: $q, asTyped: true) { totalCount didYouMean correctedFrom } }
"""


def test_did_you_mean(gql, content):
    from search import spelling

    spelling.vocabulary.refresh(object())
    data = gql(SEARCH, {"q": "flyttnig"})["data"]["search"]
    assert data["didYouMean"] == "flytning" and data["correctedFrom"] == "flyttnig" and data["totalCount"] > 0
    assert data["partialMatch"] is False
    as_typed = gql(SEARCH_AS_TYPED, {"q": "flyttnig"})["data"]["search"]
    assert as_typed["correctedFrom"] is None


@pytest.mark.parametrize("variables, code", [
    ({"q": "x", "m": "999"}, "BAD_USER_INPUT"),
    ({"q": "x", "first": 0}, "BAD_USER_INPUT"),
    ({"q": "x", "after": "not-a-cursor"}, "BAD_USER_INPUT"),
])
def test_bad_arguments_are_graphql_errors(gql, content, variables, code):
    body = gql(SEARCH, variables)
    assert body["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize("q", ["", "title:*", "AND OR (", "😀", "x" * 10_240, "!!!"])
def test_hostile_queries_answer_with_data(gql, content, q):
    body = gql(SEARCH, {"q": q})
    assert "errors" not in body and isinstance(body["data"]["search"]["edges"], list)


def test_searches_are_counted_without_personal_data(gql, content, django_capture_on_commit_callbacks):
    # Statistics are written after the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        gql(SEARCH, {"q": "flytning"})
        gql(SEARCH, {"q": "Flytning"})
        gql(SEARCH, {"q": "cpr 010190-1234 flyt test@example.dk"})
        gql(SEARCH, {"q": "xylofon"})
    stats = {s.query: (s.searches, s.zero_results) for s in QueryStat.objects.all()}
    assert stats["flytning"] == (2, 0)
    assert stats["xylofon"] == (1, 1)
    assert not any("0101" in q or "@" in q or "example" in q for q in stats)


def test_suggestions_complete_the_title(gql, content):
    body = gql('{ searchSuggestions(query: "flyt") { kind slug title } }')
    assert "flytning" in [s["slug"] for s in body["data"]["searchSuggestions"]]


def test_the_audience_argument_and_field_for_self_service_links(gql, content):
    make_self_service_link(slug="flytning-virksomhed", title="Flytning af virksomhed", audience="business",
                           description="Meld virksomhedens nye adresse.")
    drain()
    query = """query($q: String!, $a: Audience) { search(query: $q, audience: $a) {
        totalCount facets { field values { value count } } edges { node { slug audience } } } }"""
    everything = gql(query, {"q": "flytning"})["data"]["search"]
    audiences = {e["node"]["slug"]: e["node"]["audience"] for e in everything["edges"]}
    assert audiences == {"flytning": None, "anmeld-flytning": "CITIZEN", "flytning-virksomhed": "BUSINESS"}
    facet = next(f for f in everything["facets"] if f["field"] == "audience")
    assert {v["value"]: v["count"] for v in facet["values"]} == {"citizen": 1, "business": 1}
    businesses = gql(query, {"q": "flytning", "a": "BUSINESS"})["data"]["search"]
    assert [e["node"]["slug"] for e in businesses["edges"]] == ["flytning-virksomhed"]
    refused = gql(query, {"q": "flytning", "a": "ALIENS"})
    assert refused["errors"] and "data" not in refused or refused.get("data") is None
