"""Every query is checked before it runs: depth, cost (growing with `first`), aliases, size, tokens.

Hostile documents are rejected with a GraphQL error naming the limit, never a 500, and quickly.
"""

import hashlib
import json
import time

import pytest
from graphql import get_introspection_query

from syndication.limits.query_limits import LIMITS

from .conftest import GRAPHQL_RESPONSE

pytestmark = pytest.mark.django_db

# Far above a normal answer (well under 0.5 s) and far below what the unguarded validation rules take on these
# queries (tens of seconds and more): a busy 2-core CI machine must not fail it, a quadratic rule must.
SECONDS = 5.0


def timed(call, *args, **kwargs):
    started = time.perf_counter()
    response = call(*args, **kwargs)
    elapsed = time.perf_counter() - started
    assert response.status_code < 500, response.content[:500]
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    return response


def rejected(api, query, limit, variables=None):
    """POST ``query`` both ways; assert the spec's statuses and a QUERY_TOO_COMPLEX error naming ``limit``."""
    strict = timed(api.post, query, variables, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert strict.status_code == 400, strict.content[:300]
    legacy = timed(api.post, query, variables, HTTP_ACCEPT="application/json")
    assert legacy.status_code == 200
    for response in (strict, legacy):
        body = response.json()
        assert "data" not in body
        error = body["errors"][0]
        assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": limit}, error
    return strict.json()["errors"][0]["message"]


def accepted(api, query, variables=None):
    response = timed(api.post, query, variables, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def nested_topics(levels):
    """`topics { parent { parent ... { slug } } }`: ``levels`` fields deep including `slug`, cheap otherwise."""
    return "{ topics { " + "parent { " * (levels - 2) + "slug" + " }" * (levels - 1) + " }"


# --- depth -----------------------------------------------------------------------------------------


def test_depth_at_the_limit_is_accepted(api):
    assert accepted(api, nested_topics(LIMITS.max_depth)) == {"topics": []}


def test_depth_over_the_limit_is_rejected(api):
    message = rejected(api, nested_topics(LIMITS.max_depth + 1), "depth")
    assert f"depth {LIMITS.max_depth + 1} exceeds the maximum of {LIMITS.max_depth}" in message


def test_depth_counts_through_fragments(api):
    query = "{ topics { ...Deep } } fragment Deep on Topic { " + "parent { " * LIMITS.max_depth + "slug" + " }" * (
        LIMITS.max_depth + 1
    )
    rejected(api, query, "depth")


@pytest.mark.parametrize(
    "query",
    [
        "{" + "topics{" * 2_000 + "slug" + "}" * 2_001,
        '{ guides(topic: ' + "[" * 3_000 + "]" * 3_000 + ") { totalCount } }",
        "query ($v: String = " + "{a:" * 2_000 + "1" + "}" * 2_000 + ") { regions { code } }",
    ],
    ids=["selections", "list-literal", "object-literal"],
)
def test_bracket_bombs_are_rejected_before_the_parser_recurses(api, query):
    assert len(query) < LIMITS.max_length
    assert "nests brackets" in rejected(api, query, "depth")


# --- cost ------------------------------------------------------------------------------------------

RICH_GUIDES = """query ($first: Int) { guides(first: $first) { edges { node {
  slug title
  sections { key heading bodyHtml localText { bodyHtml scope } }
  selfServiceLinks { slug url topics { slug title children { slug title } } }
} } } }"""


def test_cost_grows_with_first(api):
    assert accepted(api, RICH_GUIDES, {"first": 5}) == {"guides": {"edges": []}}
    message = rejected(api, RICH_GUIDES, "cost", {"first": 100})
    assert f"exceeds the maximum of {LIMITS.max_cost}" in message
    assert "`first`" in message


def test_cost_reads_first_as_a_literal_and_from_a_variable_default(api):
    literal = RICH_GUIDES.replace("query ($first: Int) ", "").replace("first: $first", "first: 100")
    rejected(api, literal, "cost")
    defaulted = RICH_GUIDES.replace("($first: Int)", "($first: Int = 100)")
    rejected(api, defaulted, "cost")  # not costed as the default page size of 20


def test_cost_adds_up_over_aliases(api):
    one = "a: guides(first: 100) { edges { node { sections { key heading } topics { slug title } } } }"
    assert accepted(api, "{ " + one + " }") == {"a": {"edges": []}}
    many = "{ " + " ".join(one.replace("a:", f"a{n}:") for n in range(20)) + " }"
    rejected(api, many, "cost")


def test_introspection_is_costed_too(api):
    # Each alias reads every field of every type's fields' types: cheap once, not thirty times.
    one = "__schema { types { fields { type { fields { name type { name } } } } } }"
    assert accepted(api, "{ " + one + " }")["__schema"]["types"]
    aliased = "{ " + " ".join(f"s{n}: {one}" for n in range(LIMITS.max_aliases)) + " }"
    assert f"maximum of {LIMITS.max_introspection_cost}" in rejected(api, aliased, "cost")


def test_graphiql_s_introspection_query_is_accepted(api):
    # Its type references nest `ofType` seven deep: they do not count towards the depth limit.
    data = accepted(api, get_introspection_query(descriptions=True))
    names = {t["name"] for t in data["__schema"]["types"]}
    assert {"Query", "Guide", "GuideConnection", "PageInfo"} <= names


# --- aliases, length, tokens ------------------------------------------------------------------------


def test_aliases_up_to_the_cap_are_accepted_and_over_it_rejected(api):
    at_cap = "{ " + " ".join(f"r{n}: regions {{ code }}" for n in range(LIMITS.max_aliases)) + " }"
    assert len(accepted(api, at_cap)) == LIMITS.max_aliases
    over = "{ " + " ".join(f"r{n}: regions {{ code }}" for n in range(LIMITS.max_aliases + 1)) + " }"
    assert f"at most {LIMITS.max_aliases}" in rejected(api, over, "aliases")


def test_aliases_are_counted_inside_fragments(api):
    fragment = "fragment R on Query { " + " ".join(f"r{n}: regions {{ code }}" for n in range(LIMITS.max_aliases + 1)) + " }"
    rejected(api, "{ ...R } " + fragment, "aliases")


@pytest.mark.parametrize("method", ["post", "get"])
def test_an_overlong_query_is_413(api, method):
    query = "{ regions { code } }" + " " * LIMITS.max_length
    if method == "post":
        response = timed(api.post, query)
    else:
        response = timed(api.get, {"query": query})
    assert response.status_code == 413
    assert f"longer than {LIMITS.max_length} characters" in api.errors(response)[0]["message"]


def test_too_many_tokens_are_rejected(api):
    query = "{" + "regions{code}" * (LIMITS.max_tokens // 4 + 1) + "}"
    assert len(query) < LIMITS.max_length
    assert f"more than {LIMITS.max_tokens} tokens" in rejected(api, query, "tokens")


def test_comments_do_not_count_as_tokens_but_do_count_as_length(api):
    query = "# " + "x" * 100 + "\n" + "{ regions { code } }"
    assert len(accepted(api, query)["regions"]) == 5


# --- hostile shapes: answered quickly, never a 500 ---------------------------------------------------


def test_fragment_cycles_are_a_validation_error_not_a_hang(api):
    query = "{ ...A } fragment A on Query { regions { code } ...B } fragment B on Query { ...A }"
    response = timed(api.post, query)
    error = response.json()["errors"][0]
    assert "Cannot spread fragment 'A' within itself via 'B'" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    self_cycle = timed(api.post, "{ topics { ...T } } fragment T on Topic { children { ...T } }")
    assert "within itself" in self_cycle.json()["errors"][0]["message"]


def test_fragments_fanning_out_exponentially_are_rejected_quickly(api):
    # Each fragment spreads the next twice: 2**40 paths if anyone walked them naively.
    fragments = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(40))
    query = "{ ...F0 } " + fragments + " fragment F40 on Query { topics { slug } }"
    rejected(api, query, "cost")


def test_fragments_fanning_out_through_fields_are_rejected_quickly(api):
    fragments = " ".join(
        f"fragment T{n} on Topic {{ a: children {{ ...T{n + 1} }} b: children {{ ...T{n + 1} }} }}" for n in range(8)
    )
    query = "{ topics { ...T0 } } " + fragments + " fragment T8 on Topic { slug }"
    response = timed(api.post, query, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.parametrize(
    "query",
    [
        "{ " + "topics { slug } " * 1_200 + "}",
        "{ " + ("topics { " + "slug " * 40 + "} ") * 40 + "}",
        "{ " + ("topics { " + ("children { " + "slug " * 15 + "} ") * 15 + "} ") * 15 + "}",
        "{ " + "... on Query { topics { slug } } " * 500 + "}",
        "{ " + " ".join(f"...F{n}" for n in range(350)) + " } "
        + " ".join(f"fragment F{n} on Query {{ topics {{ slug }} }}" for n in range(350)),
        "{ " + " ".join(f"guides(first: {n}) {{ totalCount }}" for n in range(1, 101)) + " }",
        "{ " + "regions @include(if: true) { code } " * 500 + "}",
    ],
    ids=["repeated-field", "repeated-nested", "repeated-3-levels", "inline-fragments", "400-fragments",
         "conflicting-arguments", "directives"],
)
def test_repeated_selections_do_not_make_validation_quadratic(api, query):
    # graphql-core's overlapping-fields rule alone takes from seconds to minutes on these.
    assert len(query) <= LIMITS.max_length
    response = timed(api.post, query)
    assert response.status_code == 200
    body = response.json()
    assert "data" in body or body["errors"][0]["extensions"]["code"] in {
        "QUERY_TOO_COMPLEX", "GRAPHQL_VALIDATION_FAILED"
    }


def test_a_large_variables_payload_is_answered_quickly(api):
    variables = {f"v{n}": "x" * 100 for n in range(5_000)}
    response = timed(api.post, "{ regions { code } }", variables)
    assert response.status_code == 200


def test_conflicting_fields_are_still_reported(api):
    body = timed(api.post, "{ topics { slug } topics: regions { code } }").json()
    assert "Fields 'topics' conflict" in body["errors"][0]["message"]
    nested = timed(api.post, "{ topics { slug: title } topics { slug } }").json()
    assert "conflict" in nested["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_limits_apply_to_get_too(api):
    response = timed(api.get, {"query": nested_topics(LIMITS.max_depth + 1)}, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["limit"] == "depth"
    assert response["Cache-Control"] == "no-store"


def test_limits_apply_to_persisted_queries(api):
    query = nested_topics(LIMITS.max_depth + 1)
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}
    response = api.post(body=json.dumps({"query": query, "extensions": extensions}), HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["limit"] == "depth"
