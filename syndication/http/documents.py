"""Parsing and validating a GraphQL document once per distinct query text, not once per request.

Partners send the same few queries over and over; the checks that depend on the text alone (the lexer's token and
nesting counts, the parse, depth and alias limits, the specification's validation rules) give the same answer
every time, so a small per-process LRU keeps their result. What depends on the request (variables, the cost that
`first` sets, the HTTP method) is still checked per request by the view. The deprecated fields a text selects
are found here too, so counting their use costs a request nothing more than a set lookup.
"""

from dataclasses import dataclass
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, TypeInfo, TypeInfoVisitor, Visitor, parse, visit

from ..graphql.schema import schema
from ..limits import query_limits
from ..limits.validation import validate_document

CACHED_DOCUMENTS = 512


@dataclass(frozen=True)
class PreparedDocument:
    document: DocumentNode | None  # None when the text does not parse (or is refused before parsing)
    errors: tuple[GraphQLError, ...] = ()
    code: str = ""  # the errors' code: GRAPHQL_PARSE_FAILED, QUERY_TOO_COMPLEX or GRAPHQL_VALIDATION_FAILED
    deprecated_fields: frozenset[str] = frozenset()  # "Type.field" of every deprecated field the text selects


class _DeprecatedFields(Visitor):
    def __init__(self, type_info: TypeInfo):
        super().__init__()
        self.type_info, self.found = type_info, set()

    def enter_field(self, node, *_args):
        definition, parent = self.type_info.get_field_def(), self.type_info.get_parent_type()
        if definition is not None and definition.deprecation_reason is not None:
            self.found.add(f"{parent.name}.{node.name.value}")


def deprecated_fields(document: DocumentNode) -> frozenset[str]:
    type_info = TypeInfo(schema.graphql_schema)
    finder = _DeprecatedFields(type_info)
    visit(document, TypeInfoVisitor(type_info, finder))
    return frozenset(finder.found)


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
    if errors:
        return PreparedDocument(document, tuple(errors), "GRAPHQL_VALIDATION_FAILED")
    return PreparedDocument(document, deprecated_fields=deprecated_fields(document))
