"""Static checks of a query before it runs: size, depth, aliases and cost.

Cheap, schema-free checks (tokens, depth, aliases) run before GraphQL's own
validation, because some standard rules are quadratic in the size of a hostile
query. Cost runs after validation, when every field is known to exist: each
field costs 1, and a list multiplies what is below it by its `first` argument
(an unpaged list counts as ten items).
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

from ..graphql.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


@dataclass(frozen=True)
class QueryLimits:
    max_length: int = 20_000
    max_tokens: int = 5_000
    max_depth: int = 10
    max_aliases: int = 30
    max_cost: int = 50_000


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


def _depth(selection_set, fragments, seen) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue  # cycles and unknown fragments are reported by validation
            deepest = max(deepest, _depth(fragments[name].selection_set, fragments, seen | {name}))
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
    for operation in _operations(document, operation_name):
        depth = _depth(operation.selection_set, fragments, frozenset())
        if depth > limits.max_depth:
            errors.append(limit_error(f"Query depth {depth} exceeds the maximum of {limits.max_depth}.", "depth"))
    aliases = _count_aliases(document)
    if aliases > limits.max_aliases:
        errors.append(limit_error(f"Query uses {aliases} aliases; at most {limits.max_aliases} are allowed.", "aliases"))
    return errors


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


def _cost(selection_set, parent_type, fragments, variables, schema, seen) -> int:
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            name = selection.name.value
            if name.startswith("__") or not isinstance(parent_type, GraphQLObjectType):
                total += 1
                continue
            field = parent_type.fields.get(name)
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
                below = _cost(selection.selection_set, child_type, fragments, variables, schema, seen)
            total += 1 + multiplier * below
        elif isinstance(selection, InlineFragmentNode):
            fragment_type = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent_type
            total += _cost(selection.selection_set, fragment_type, fragments, variables, schema, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            fragment = fragments[name]
            total += _cost(
                fragment.selection_set, schema.get_type(fragment.type_condition.name.value), fragments, variables,
                schema, seen | {name},
            )
    return total


def query_cost(schema, document, variables, operation_name) -> int:
    fragments = _fragments(document)
    cost = 0
    for operation in _operations(document, operation_name):
        root = schema.get_root_type(operation.operation)
        cost = max(cost, _cost(operation.selection_set, root, fragments, variables or {}, schema, frozenset()))
    return cost


def check_after_validation(schema, document, variables, operation_name, limits: QueryLimits = LIMITS):
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
