"""Fuzzing /graphql/ with hypothesis: whatever arrives, the answer is a 4xx or 200 with GraphQL JSON.

Two kinds of input: raw HTTP requests (random JSON, bytes, URL parameters, headers), and
syntactically valid queries built from the schema itself (random fields, nesting, aliases and
arguments), which must never make a resolver fail (no INTERNAL_SERVER_ERROR).
"""

import json

import pytest
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLInt,
    GraphQLObjectType,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    parse,
    specified_rules,
    validate,
)
from hypothesis import HealthCheck, event, given, settings as hypothesis_settings, strategies as st

from content_models.models import Municipality, Region
from syndication.graphql.schema import schema
from syndication.limits.validation import validate_document
from tests import factories

from .conftest import GRAPHQL_RESPONSE

pytestmark = pytest.mark.django_db

SCHEMA = schema.graphql_schema
# No per-example deadline: these tests assert answers, not speed (tests/syndication/http/test_limits.py bounds the
# time of the expensive shapes), and one example on a busy 2-core CI machine took 7 s.
FUZZ = hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
REQUEST_STATUSES = {200, 400, 401, 405, 406, 413, 415}
KNOWN_CODES = {
    "BAD_REQUEST", "BAD_USER_INPUT", "NOT_FOUND", "QUERY_TOO_COMPLEX", "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND", "UNAUTHENTICATED",
}


@pytest.fixture
def fuzz_api(api, settings):
    settings.GRAPHQL_ANONYMOUS_RATE_PER_MINUTE = 1_000_000
    return api


@pytest.fixture
def content(db):
    """A little of every kind, so generated queries reach real resolvers and relations."""
    topic = factories.TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning")
    authority = factories.AuthorityFactory(slug="aarhus-kommune", name="Aarhus Kommune")
    link = factories.make_self_service_link(authority=authority, topics=[topic])
    guide = factories.make_guide(slug="flytning", topics=[topic], links=[link])
    aarhus = Municipality.objects.get(code="751")
    factories.make_local_text(guide, municipality=aarhus)
    factories.make_local_text(guide, region=Region.objects.get(code="1082"), body="<p>Regional.</p>")
    factories.make_url_override(link, municipality=aarhus, url="https://aarhus.dk/flyt")
    factories.make_step_by_step()
    factories.make_teaching_module()
    factories.make_standard()


# --- raw requests ------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
GRAPHQL_WORDS = [
    "{", "}", "(", ")", "[", "]", ":", "...", "query", "mutation", "fragment", "on", "Query", "regions", "code",
    "guides", "first:", "100", "-1", "edges", "node", "slug", "$v", "Int", "String", "@skip(if: true)", '"751"',
    "__schema", "__typename", "types", "name", "#", "\n", "topics", "children", "a:", "b:", "after:", '"x"',
]
query_texts = (
    st.lists(st.sampled_from(GRAPHQL_WORDS), max_size=40).map(" ".join)
    | st.text(max_size=80)
    | st.sampled_from(["{ regions { code } }", "{ __typename }", "query Q { topics { slug } }"])
)
hashes = st.text(alphabet="0123456789abcdefABCDEF", min_size=60, max_size=66)
extensions = json_values | st.fixed_dictionaries(
    {"persistedQuery": st.fixed_dictionaries({"version": st.integers(0, 2) | st.text(max_size=2),
                                              "sha256Hash": hashes | json_values})}
)
printable = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
# Mostly usable Accept headers, so that most requests get past content negotiation.
accepts = st.one_of(
    st.none(),
    st.sampled_from(["application/json", GRAPHQL_RESPONSE, "*/*", f"{GRAPHQL_RESPONSE}, application/json;q=0.9"]),
    st.sampled_from(["text/html", "application/json;q=0", f"{GRAPHQL_RESPONSE};q=abc", ",,;;", "*/*;q=0",
                     "text/html,application/xhtml+xml,*/*;q=0.8", "application/*;q=0.5, text/plain"]),
    printable,
)
payloads = st.fixed_dictionaries(
    {},
    optional={
        "query": query_texts | query_texts | json_values,
        "variables": json_values | json_values.map(json.dumps),
        "operationName": st.none() | st.sampled_from(["Q", "A"]) | json_values,
        "extensions": extensions,
        "unknown": json_values,
    },
)


def assert_graphql_answer(response):
    event(f"HTTP {response.status_code}")  # shown by --hypothesis-show-statistics
    assert response.status_code in REQUEST_STATUSES, (response.status_code, response.content[:300])
    if response["Content-Type"].startswith("text/html"):
        assert response.status_code == 200  # GraphiQL for a browser
        return
    assert response["Content-Type"].split(";")[0] in {"application/json", GRAPHQL_RESPONSE}
    body = response.json()
    assert isinstance(body, dict) and ("errors" in body or "data" in body), body
    for error in body.get("errors", []):
        assert isinstance(error["message"], str) and error["message"]
        assert error.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR", error
    if response.status_code != 200:
        assert "data" not in body


@FUZZ
@given(payload=payloads, accept=accepts)
def test_fuzz_post_json(fuzz_api, payload, accept):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    assert_graphql_answer(fuzz_api.post(body=json.dumps(payload), **headers))


@FUZZ
@given(
    body=st.binary(max_size=200) | json_values.map(json.dumps).map(str.encode),
    content_type=st.sampled_from(["application/json", "application/graphql", "text/plain", "application/json; charset=utf-8"]),
    accept=accepts,
)
def test_fuzz_post_raw_bodies(fuzz_api, body, content_type, accept):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    assert_graphql_answer(fuzz_api.post(body=body, content_type=content_type, **headers))


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["query", "variables", "operationName", "extensions"]) | st.text(max_size=6),
        query_texts | json_values.map(json.dumps) | extensions.map(json.dumps),
        max_size=5,
    ),
    accept=accepts,
    api_key=st.none() | printable,
)
def test_fuzz_get_params(fuzz_api, params, accept, api_key):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    if api_key:
        headers["HTTP_X_API_KEY"] = api_key
    assert_graphql_answer(fuzz_api.get(params, **headers))


# --- queries generated from the schema ------------------------------------------------------------

ARGUMENT_STRINGS = ["751", "0751", "999", "101", "flytning", "anmeld-flytning", "bolig-og-flytning", "OIOUBL-2.1",
                    "da", "en", "de", "", "aarhus-kommune", "koeb-af-bolig", "kom-i-gang-med-mitid"]


@st.composite
def literal(draw, graphql_type):
    nullable = get_nullable_type(graphql_type)
    if is_list_type(nullable):
        items = draw(st.lists(literal(nullable.of_type), max_size=3))
        return "[" + ", ".join(items) + "]"
    named = get_named_type(graphql_type)
    if named is GraphQLInt:
        return str(draw(st.integers(-2, 120) | st.sampled_from([0, 100, 101, 2**31])))
    if named is GraphQLBoolean:
        return draw(st.sampled_from(["true", "false"]))
    if isinstance(named, GraphQLEnumType):
        return draw(st.sampled_from(list(named.values)))
    if named.name == "DateTime":
        return json.dumps(draw(st.sampled_from(["2020-01-01T00:00:00+00:00", "2999-12-31T23:59:59Z", "i går"])))
    # String, and any other scalar that takes a string.
    return json.dumps(draw(st.sampled_from(ARGUMENT_STRINGS) | st.text(max_size=12)), ensure_ascii=False)


def _cursor_values():
    from syndication.graphql.core.pagination import encode_cursor

    return st.sampled_from(
        [encode_cursor("guides", "00010001"), encode_cursor("changes", 3), encode_cursor("standards", "A"), "x", ""]
    )


@st.composite
def selection_set(draw, object_type: GraphQLObjectType, depth: int):
    fields = list(object_type.fields.items())
    chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=4, unique_by=lambda f: f[0]))
    parts = []
    for name, field in chosen:
        target = get_named_type(field.type)
        if not is_leaf_type(target) and depth <= 0:
            continue
        arguments = []
        for arg_name, arg in field.args.items():
            if is_non_null_type(arg.type) or draw(st.booleans()):
                if arg_name == "after":
                    value = json.dumps(draw(_cursor_values()))
                else:
                    value = draw(literal(arg.type))
                arguments.append(f"{arg_name}: {value}")
        alias = draw(st.sampled_from(["", "", "", "", "", "", "a: ", "b: "]))
        text = alias + name + (f"({', '.join(arguments)})" if arguments else "")
        if not is_leaf_type(target):
            text += " " + draw(selection_set(target, depth - 1))
        parts.append(text)
    return "{ " + (" ".join(parts) or "__typename") + " }"


generated_queries = st.integers(1, 5).flatmap(lambda depth: selection_set(SCHEMA.query_type, depth))


@FUZZ
@given(query=generated_queries, method=st.sampled_from(["GET", "POST"]))
def test_fuzz_generated_queries_never_fail_a_resolver(fuzz_api, content, query, method):
    if method == "GET":
        response = fuzz_api.get_query(query, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    else:
        response = fuzz_api.post(query, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert_graphql_answer(response)
    body = response.json()
    # application/graphql-response+json: 200 exactly when execution started (there is `data`).
    assert (response.status_code == 200) == ("data" in body), (response.status_code, body)
    for error in body.get("errors", []):
        assert error["extensions"]["code"] in KNOWN_CODES, error
        event(error["extensions"]["code"])


@hypothesis_settings(max_examples=300, deadline=None)
@given(query=generated_queries)
def test_fast_validation_agrees_with_graphql_core(query):
    document = parse(query)
    ours = validate_document(SCHEMA, document)
    reference = validate(SCHEMA, document, specified_rules)
    assert bool(ours) == bool(reference), (query, ours, reference)
