"""Static checks of a query before it runs: size, depth, aliases and cost.

Cheap, schema-free checks (tokens, depth, aliases) run before GraphQL's own
validation, because some standard rules are quadratic in the size of a hostile
query. Before parsing, a scan with GraphQL's own lexer counts tokens and bracket
nesting, so that no document can exhaust the recursive-descent parser's stack.
Cost runs after validation, when every field is known to exist: each field
costs 1, and a list multiplies what is below it by its `first` argument (an
unpaged list counts as ten items); introspection fields are costed the same way.
"""

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.language import Lexer, Source, TokenKind
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from ..graphql.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


@dataclass(frozen=True)
class QueryLimits:
    max_length: int = 20_000
    max_tokens: int = 5_000
    max_depth: int = 10
    max_aliases: int = 30
    max_cost: int = 50_000
    # Introspection (`__schema`, `__type`) reads the schema in memory, not the database, and GraphiQL's
    # and codegen's full introspection query must pass whatever max_cost is: it has its own budget.
    max_introspection_cost: int = 75_000
    # Brackets of any kind ({ [ and parentheses) open at once: far above any real query, far below
    # what the parser's recursion can take.
    max_nesting: int = 50


LIMITS = QueryLimits()
# Unpaged lists below an item (sections, topics, related links) are short; count them as ten.
NESTED_LIST_ESTIMATE = 10


def limit_error(message: str, limit: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "QUERY_TOO_COMPLEX", "limit": limit})


def _fragments(document) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _operations(document, operation_name):
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    return operations


def check_source(source: str, limits: QueryLimits = LIMITS) -> list[GraphQLError]:
    """Count tokens and bracket nesting with the lexer (iterative, linear) before the parser recurses.

    Raises GraphQLSyntaxError for text the lexer cannot read, exactly as parse() would.
    """
    lexer = Lexer(Source(source))
    tokens = nesting = deepest = 0
    opening = {TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L}
    closing = {TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R}
    while (token := lexer.advance()).kind is not TokenKind.EOF:
        tokens += 1
        if tokens > limits.max_tokens:
            return [limit_error(f"The query has more than {limits.max_tokens} tokens.", "tokens")]
        if token.kind in opening:
            nesting += 1
            deepest = max(deepest, nesting)
            if nesting > limits.max_nesting:
                return [
                    limit_error(
                        f"The query nests brackets more than {limits.max_nesting} levels deep.", "depth"
                    )
                ]
        elif token.kind in closing:
            nesting = max(0, nesting - 1)
    return []


# Introspection type references (`ofType { ofType { ... } }`) are as deep as a type's wrappers, never
# more, so they do not count towards the depth: GraphiQL's and codegen's introspection query must pass.
_DEPTH_FREE_FIELDS = {"ofType"}


def _depth(selection_set, fragments, seen, memo) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            step = 0 if selection.name.value in _DEPTH_FREE_FIELDS else 1
            deepest = max(deepest, step + _depth(selection.selection_set, fragments, seen, memo))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen, memo))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in memo:
                if name in seen or name not in fragments:
                    continue  # cycles and unknown fragments are reported by validation
                # Memoised: fragments spreading the next one twice would otherwise cost 2**n.
                memo[name] = _depth(fragments[name].selection_set, fragments, seen | {name}, memo)
            deepest = max(deepest, memo[name])
    return deepest


def _count_aliases(document) -> int:
    count = 0
    stack = [d.selection_set for d in document.definitions if getattr(d, "selection_set", None)]
    while stack:
        selection_set = stack.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode) and selection.alias:
                count += 1
            if getattr(selection, "selection_set", None):
                stack.append(selection.selection_set)
    return count


def check_before_validation(document, operation_name, limits: QueryLimits = LIMITS) -> list[GraphQLError]:
    errors = []
    fragments = _fragments(document)
    memo = {}
    for operation in _operations(document, operation_name):
        depth = _depth(operation.selection_set, fragments, frozenset(), memo)
        if depth > limits.max_depth:
            errors.append(limit_error(f"Query depth {depth} exceeds the maximum of {limits.max_depth}.", "depth"))
    aliases = _count_aliases(document)
    if aliases > limits.max_aliases:
        errors.append(limit_error(f"Query uses {aliases} aliases; at most {limits.max_aliases} are allowed.", "aliases"))
    return errors


def _variables_with_defaults(operation, variables: dict) -> dict:
    """The request's variables over the operation's literal defaults (`query ($n: Int = 100)`)."""
    values = {}
    for definition in operation.variable_definitions or ():
        default = definition.default_value
        if isinstance(default, IntValueNode):
            values[definition.variable.name.value] = int(default.value)
    values.update(variables or {})
    return values


def _first_argument(field: FieldNode, variables: dict) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            raw = variables.get(value.name.value)
            return raw if isinstance(raw, int) else None
    return None


_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}
# What _cost counts: the data fields (introspection skipped), the introspection fields only, or all
# fields (below an introspection field).
DATA, INTROSPECTION, ALL = "data", "introspection", "all"


def _cost(selection_set, parent_type, fragments, variables, schema, seen, memo, part=DATA) -> int:
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            name = selection.name.value
            meta = name in _META_FIELDS
            if (part == DATA and meta) or (part == INTROSPECTION and not meta):
                continue
            if name == "__typename" or not isinstance(parent_type, GraphQLObjectType):
                total += 1
                continue
            # Introspection is costed like any other field: __Type.fields.type.fields... fans out too.
            field = _META_FIELDS.get(name) or parent_type.fields.get(name)
            if field is None:
                continue
            child_type = get_named_type(field.type)
            first = _first_argument(selection, variables)
            if first is not None:
                multiplier = max(1, min(first, MAX_PAGE_SIZE))
            elif name == "edges":
                multiplier = 1  # the connection field above already multiplied by `first`
            elif is_list_type(get_nullable_type(field.type)):
                multiplier = NESTED_LIST_ESTIMATE
            elif "first" in field.args:
                multiplier = DEFAULT_PAGE_SIZE
            else:
                multiplier = 1
            below = 0
            if selection.selection_set is not None:
                below_part = ALL if meta else part
                below = _cost(
                    selection.selection_set, child_type, fragments, variables, schema, seen, memo, below_part
                )
            total += 1 + multiplier * below
        elif isinstance(selection, InlineFragmentNode):
            fragment_type = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent_type
            total += _cost(selection.selection_set, fragment_type, fragments, variables, schema, seen, memo, part)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if (name, part) not in memo:
                if name in seen or name not in fragments:
                    continue
                fragment = fragments[name]
                # Memoised per fragment (its type and the variables are fixed): no 2**n fan-out.
                memo[name, part] = _cost(
                    fragment.selection_set, schema.get_type(fragment.type_condition.name.value), fragments,
                    variables, schema, seen | {name}, memo, part,
                )
            total += memo[name, part]
    return total


def query_cost(schema, document, variables, operation_name, part=DATA) -> int:
    """The cost of the data fields (``part=DATA``) or of the introspection fields (``part=INTROSPECTION``)."""
    fragments = _fragments(document)
    cost = 0
    for operation in _operations(document, operation_name):
        root = schema.get_root_type(operation.operation)
        values = _variables_with_defaults(operation, variables)
        cost = max(cost, _cost(operation.selection_set, root, fragments, values, schema, frozenset(), {}, part))
    return cost


def check_after_validation(schema, document, variables, operation_name, limits: QueryLimits = LIMITS):
    introspection = query_cost(schema, document, variables, operation_name, INTROSPECTION)
    if introspection > limits.max_introspection_cost:
        return [
            limit_error(
                f"Introspection cost {introspection} exceeds the maximum of {limits.max_introspection_cost}. "
                "Ask for the schema once, without aliases.",
                "cost",
            )
        ]
    cost = query_cost(schema, document, variables, operation_name)
    if cost > limits.max_cost:
        return [
            limit_error(
                f"Query cost {cost} exceeds the maximum of {limits.max_cost}. Ask for fewer items per page "
                "(`first`) or fewer nested lists.",
                "cost",
            )
        ]
    return []
