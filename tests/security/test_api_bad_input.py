"""The API answers bad input with a GraphQL error a partner can act on (BAD_USER_INPUT), never an internal error,
and HEAD works as GET without the body."""

import json

import pytest

from content_models.worker.drain import drain
from tests import factories

pytestmark = pytest.mark.django_db

SUGGEST = "query($q: String!, $n: Int) { searchSuggestions(query: $q, first: $n) { slug } }"


def post(client, query, **variables):
    response = client.post("/graphql/", json.dumps({"query": query, "variables": variables}),
                           content_type="application/json")
    assert response.status_code == 200
    return response.json()


def bad_user_input(body, argument=None):
    assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"], body
    if argument:
        assert body["errors"][0]["extensions"]["argument"] == argument
    return body["errors"][0]["message"]


@pytest.mark.parametrize("value", ["\ud800", "flyt\udfffning", "\ud83d"])
@pytest.mark.parametrize("query", [
    "query($s: String!) { guide(slug: $s) { title } }",
    "query($s: String!) { search(query: $s) { totalCount } }",
    "query($s: String) { guides(topic: $s) { totalCount } }",
])
def test_half_a_surrogate_pair_is_bad_user_input(client, query, value):
    body = post(client, query, s=value)
    assert "surrogate pair" in bad_user_input(body) and "data" not in body


def test_a_whole_surrogate_pair_is_an_ordinary_character(client):
    body = post(client, "query($s: String!) { guide(slug: $s) { title } }", s="\ud83c\udfe0")
    assert body["data"] == {"guide": None} and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("first", [0, -1, 21, 100_000])
def test_search_suggestions_take_1_to_20(client, first):
    message = bad_user_input(post(client, SUGGEST, q="flyt", n=first), argument="first")
    assert message == f"`first` must be between 1 and 20, got {first}."


def test_search_suggestions_within_bounds(client):
    for n in range(1, 5):
        factories.make_guide(slug=f"flytning-{n}", title=f"Flytning {n}")
    drain()  # the search index follows the event log
    assert len(post(client, SUGGEST, q="flyt")["data"]["searchSuggestions"]) == 4  # default 8
    assert len(post(client, SUGGEST, q="flyt", n=2)["data"]["searchSuggestions"]) == 2
    assert "errors" not in post(client, SUGGEST, q="flyt", n=20)


def test_an_unknown_search_topic_is_bad_user_input_as_for_guides(client):
    factories.TopicFactory(slug="bolig")
    search = "query($t: String) { search(query: \"flytning\", topic: $t) { totalCount } }"
    guides = "query($t: String) { guides(topic: $t) { totalCount } }"
    assert bad_user_input(post(client, search, t="nope"), argument="topic") == "Unknown topic 'nope'."
    assert bad_user_input(post(client, guides, t="nope"), argument="topic") == "Unknown topic 'nope'."
    assert post(client, search, t="bolig")["data"]["search"]["totalCount"] == 0


def test_head_is_get_without_the_body(client):
    factories.make_guide(bulk=True)
    params = {"query": "{ guides { totalCount } }"}
    get = client.get("/graphql/", params, HTTP_ACCEPT="application/json")
    head = client.head("/graphql/", params, HTTP_ACCEPT="application/json")
    assert (get.status_code, head.status_code) == (200, 200)
    assert head.content == b"" and get.json() == {"data": {"guides": {"totalCount": 1}}}
    for header in ("Content-Type", "ETag", "Cache-Control", "X-RateLimit-Limit"):
        assert head[header] == get[header], header
    browser = client.head("/graphql/", HTTP_ACCEPT="text/html")
    assert browser.status_code == 200 and browser["Content-Type"].startswith("text/html") and browser.content == b""


def test_other_methods_say_what_is_allowed(client):
    response = client.put("/graphql/", "{}", content_type="application/json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"
