"""The API's execution context (syndication.http.execution) answers exactly as graphql-core's own.

It takes a shorter path for leaves without arguments; everything a partner receives (data, error messages,
paths, nulls propagated to the nearest nullable parent) must be the same as with graphql-core's ExecutionContext.
"""

import pytest
from django.test import RequestFactory
from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    execute,
    parse,
)

from content_models.models import Municipality
from syndication.http.execution import PortalExecutionContext, never_awaitable
from syndication.http.view import GRAPHQL_SCHEMA
from tests import factories
from tests.syndication.graphql.queries import GUIDES_QUERY

pytestmark = pytest.mark.django_db


def both_ways(schema, query, variables=None, context=None, root=None):
    document = parse(query)
    plain = execute(schema, document, root, context, variable_values=variables)
    portal = execute(
        schema, document, root, context, variable_values=variables,
        execution_context_class=PortalExecutionContext, is_awaitable=never_awaitable,
    )
    return plain, portal


def formatted(result):
    return result.data, [error.formatted for error in result.errors or []]


def test_a_page_of_guides_is_the_same_both_ways():
    topic = factories.TopicFactory()
    link = factories.make_self_service_link(topics=[topic])
    for n in range(3):
        guide = factories.make_guide(slug=f"guide-{n}", title=f"Guide {n}", topics=[topic], links=[link], sections=[
            ("anmeld", "Anmeld", '<p>Se <a href="https://www.borger.dk">borger.dk</a>.</p>'),
            ("frister", "Frister", "<p>Fristerne.</p>"),
        ])
        factories.make_local_text(guide, municipality=Municipality.objects.get(code="751"))
    context = RequestFactory().post("/graphql/", HTTP_HOST="127.0.0.1")
    plain, portal = both_ways(GRAPHQL_SCHEMA, GUIDES_QUERY, {"first": 50}, context)
    assert not plain.errors
    assert formatted(portal) == formatted(plain)
    assert len(portal.data["guides"]["edges"]) == 3


def _broken(_source, _info):
    raise ValueError("resolveren fejlede")


ITEM = GraphQLObjectType("Item", {
    "name": GraphQLField(GraphQLNonNull(GraphQLString)),
    "nickname": GraphQLField(GraphQLString),
    "count": GraphQLField(GraphQLInt),
    "strictCount": GraphQLField(GraphQLNonNull(GraphQLInt)),
    "broken": GraphQLField(GraphQLString, resolve=_broken),
    "echo": GraphQLField(GraphQLString, args={"text": GraphQLArgument(GraphQLString)},
                         resolve=lambda _s, _i, text=None: text),
})
EDGE_CASES = GraphQLSchema(GraphQLObjectType("Query", {
    "items": GraphQLField(GraphQLList(ITEM), resolve=lambda *_: [
        {"name": "a", "nickname": None, "count": 1, "strictCount": 2},
        {"name": None, "nickname": "b", "count": 3, "strictCount": 4},  # null for a non-null leaf
        {"name": "c", "count": "not a number", "strictCount": 5},  # a value the scalar refuses
        {"name": "d", "count": 2**40, "strictCount": None},  # out of Int's range; null for a non-null leaf
        {"name": "e", "count": Exception("a resolver returned an error"), "strictCount": 6},
    ]),
}))


@pytest.mark.parametrize("query", [
    "{ items { name nickname count } }",
    "{ items { name strictCount } }",
    "{ items { broken nickname } }",
    '{ items { echo(text: "hej") name } }',
    "{ items { __typename name } }",
])
def test_nulls_refused_values_and_failing_resolvers_answer_as_graphql_core(query):
    plain, portal = both_ways(EDGE_CASES, query)
    assert formatted(portal) == formatted(plain)
    assert plain.errors or "echo" in query or "__typename" in query  # the cases exercise the error paths
