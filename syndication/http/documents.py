"""Parsing and validating a GraphQL document once per distinct query text, not once per request.

Partners send the same few queries over and over; the checks that depend on the text alone (the lexer's token and
nesting counts, the parse, depth and alias limits, the specification's validation rules) give the same answer
every time, so a small per-process LRU keeps their result. What depends on the request (variables, the cost that
`first` sets, the HTTP method) is still checked per request by the view.
"""

from dataclasses import dataclass
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, parse

from ..graphql.schema import schema
from ..limits import query_limits
from ..limits.validation import validate_document

CACHED_DOCUMENTS = 512


@dataclass(frozen=True)
class PreparedDocument:
    document: DocumentNode | None  # None when the text does not parse (or is refused before parsing)
    errors: tuple[GraphQLError, ...] = ()
    code: str = ""  # the errors' code: GRAPHQL_PARSE_FAILED, QUERY_TOO_COMPLEX or GRAPHQL_VALIDATION_FAILED


@lru_cache(maxsize=CACHED_DOCUMENTS)
def prepare(query: str, operation_name: str | None) -> PreparedDocument:
    try:
        # Tokens and nesting are counted by the lexer first, so the recursive parser never meets a bomb.
        errors = query_limits.check_source(query)
        if errors:
            return PreparedDocument(None, tuple(errors), "QUERY_TOO_COMPLEX")
        document = parse(query, max_tokens=query_limits.LIMITS.max_tokens)
    except GraphQLError as error:
        return PreparedDocument(None, (error,), "GRAPHQL_PARSE_FAILED")
    errors = query_limits.check_before_validation(document, operation_name)
    errors = errors or validate_document(schema.graphql_schema, document)
    return PreparedDocument(document, tuple(errors), "GRAPHQL_VALIDATION_FAILED" if errors else "")
