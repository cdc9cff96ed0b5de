"""graphql-core's execution, with less bookkeeping for the fields that need least: leaves without arguments.

A page of 50 guides resolves about a thousand fields, two thirds of them scalars (slug, title, bodyHtml ...).
For each, graphql-core coerces the arguments it does not have, asks whether the value is awaitable, and walks
``complete_value`` through the non-null wrapper to the scalar. ``PortalExecutionContext`` resolves such a field
and serialises its value directly, with graphql-core's own checks and error messages (null where the schema says
non-null, a value the scalar refuses, a resolver that fails); every other field is graphql-core's own code.

Most of those leaves are read by a default resolver (an attribute of the object or of the page it localises),
which never looks at its ``info``: for them no ResolveInfo is built at all.

Resolvers here are synchronous (a WSGI view): the context treats no value as awaitable.
tests/syndication/http/test_execution.py runs queries both ways and compares data and errors.
"""

from functools import partial

from graphql import ExecutionContext, GraphQLNonNull, is_leaf_type
from graphql.error import located_error
from graphql.execution.execute import get_field_def
from graphql.pyutils import Undefined, inspect

from ..graphql.core.models import INFO_FREE_RESOLVERS


def never_awaitable(value) -> bool:
    return False


def _info_free(resolve_fn) -> bool:
    return isinstance(resolve_fn, partial) and resolve_fn.func in INFO_FREE_RESOLVERS and not resolve_fn.keywords


class PortalExecutionContext(ExecutionContext):
    """Pass ``is_awaitable=never_awaitable`` to ``execute`` with it."""

    def execute_field(self, parent_type, source, field_nodes, path):
        field_def = get_field_def(self.schema, parent_type, field_nodes[0])
        if not field_def:
            return Undefined
        return_type = field_def.type
        non_null = isinstance(return_type, GraphQLNonNull)
        leaf_type = return_type.of_type if non_null else return_type
        if field_def.args or self.middleware_manager or not is_leaf_type(leaf_type):
            return super().execute_field(parent_type, source, field_nodes, path)
        resolve_fn = field_def.resolve or self.field_resolver
        info = None if _info_free(resolve_fn) else self.build_resolve_info(field_def, field_nodes, parent_type, path)
        try:
            result = resolve_fn(source, info)
            if isinstance(result, Exception):
                raise result
            if result is None or result is Undefined:
                if non_null:
                    name = f"{parent_type.name}.{field_nodes[0].name.value}"
                    raise TypeError(f"Cannot return null for non-nullable field {name}.")
                return None
            serialized = leaf_type.serialize(result)
            if serialized is Undefined or serialized is None:
                raise TypeError(
                    f"Expected `{inspect(leaf_type)}.serialize({inspect(result)})`"
                    f" to return non-nullable value, returned: {inspect(serialized)}"
                )
            return serialized
        except Exception as raw_error:  # noqa: BLE001 - graphql-core's own rule: a field's error is located and kept
            error = located_error(raw_error, field_nodes, path.as_list())
            self.handle_field_error(error, return_type, path)
            return None
