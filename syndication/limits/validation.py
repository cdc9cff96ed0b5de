"""GraphQL validation that stays fast on hostile documents.

graphql-core's OverlappingFieldsCanBeMergedRule compares every pair of fields
that share a response name, recursing into their sub-selections, and every pair
of fragments spread side by side. Repeating a field (`{topics{slug} topics{slug}
...}`, nested a few levels) or spreading a few hundred small fragments makes it
run for seconds to minutes on a document of a few thousand tokens.

So that rule runs on a copy of the document in which, per selection set,
fragment spreads are expanded (as inline fragments of their type, which is how
the rule reads them), fields with the same response name, field name and
arguments are merged into one (they always merge, so only their sub-selections
need checking, together), inline fragments of one type are merged into one,
and at most two differing fields are kept per response name (two are enough
to report the conflict). The pairs left are real candidates for a conflict,
and the copy is bounded in size. Every other rule runs on the document as sent,
first; the overlap rule only runs on documents that pass them.
"""

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    print_ast,
    specified_rules,
    validate,
)
from graphql.validation import OverlappingFieldsCanBeMergedRule

from .query_limits import limit_error

MAX_ERRORS = 20
# Fields and fragments visited while building the copy; a valid query within the cost limit stays far below.
MAX_EXPANDED_SELECTIONS = 20_000
_OTHER_RULES = tuple(rule for rule in specified_rules if rule is not OverlappingFieldsCanBeMergedRule)


class _TooLarge(Exception):
    pass


def validate_document(schema, document: DocumentNode, max_errors: int = MAX_ERRORS) -> list[GraphQLError]:
    """The errors of the specified validation rules, as graphql.validate() would report them."""
    errors = validate(schema, document, _OTHER_RULES, max_errors=max_errors)
    if errors:
        return errors
    try:
        copy = merged_document(document)
    except _TooLarge:
        return [
            limit_error(
                f"The query expands (through its fragments) to more than {MAX_EXPANDED_SELECTIONS} selections.",
                "cost",
            )
        ]
    return validate(schema, copy, [OverlappingFieldsCanBeMergedRule], max_errors=max_errors)


class _Merger:
    def __init__(self, document: DocumentNode, budget: int):
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.budget = budget

    def _spend(self):
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge

    def selection_set(self, selections, loc=None) -> SelectionSetNode:
        by_response_name: dict[str, dict[tuple, list[FieldNode]]] = {}
        by_type: dict[str, tuple[NamedTypeNode, list, object]] = {}
        expanded: set[str] = set()
        pending = list(reversed(selections))
        while pending:
            selection = pending.pop()
            self._spend()
            if isinstance(selection, FieldNode):
                response_name = selection.alias.value if selection.alias else selection.name.value
                variants = by_response_name.setdefault(response_name, {})
                key = (selection.name.value, _arguments_key(selection))
                if key in variants:
                    variants[key].append(selection)
                elif len(variants) < 2:
                    variants[key] = [selection]
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in expanded or fragment is None:
                    continue
                expanded.add(name)
                type_name = fragment.type_condition.name.value
                group = by_type.setdefault(type_name, (fragment.type_condition, [], fragment.loc))
                group[1].extend(fragment.selection_set.selections)
            elif isinstance(selection, InlineFragmentNode):
                if selection.type_condition is None:
                    pending.extend(reversed(selection.selection_set.selections))
                else:
                    group = by_type.setdefault(
                        selection.type_condition.name.value, (selection.type_condition, [], selection.loc)
                    )
                    group[1].extend(selection.selection_set.selections)
        merged = []
        for variants in by_response_name.values():
            for group in variants.values():
                first = group[0]
                selection_set = None
                if first.selection_set is not None:
                    below = [s for field in group if field.selection_set for s in field.selection_set.selections]
                    selection_set = self.selection_set(below, first.selection_set.loc)
                merged.append(
                    FieldNode(
                        alias=first.alias, name=first.name, arguments=first.arguments, directives=(), loc=first.loc,
                        selection_set=selection_set,
                    )
                )
        for type_condition, below, fragment_loc in by_type.values():
            merged.append(
                InlineFragmentNode(
                    type_condition=type_condition, directives=(), selection_set=self.selection_set(below),
                    loc=fragment_loc,
                )
            )
        return SelectionSetNode(selections=tuple(merged), loc=loc)


def _arguments_key(field: FieldNode) -> tuple:
    return tuple(sorted((argument.name.value, print_ast(argument.value)) for argument in field.arguments or ()))


def merged_document(document: DocumentNode, budget: int = MAX_EXPANDED_SELECTIONS) -> DocumentNode:
    """The operations only, with fragments expanded and merged as described above (for the overlap rule)."""
    merger = _Merger(document, budget)
    operations = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            keys = {key: getattr(definition, key) for key in definition.keys if key != "selection_set"}
            selection_set = merger.selection_set(definition.selection_set.selections, definition.selection_set.loc)
            operations.append(OperationDefinitionNode(**keys, selection_set=selection_set))
    return DocumentNode(definitions=tuple(operations), loc=document.loc)
