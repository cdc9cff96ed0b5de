"""Which fields a query selected below the current one, so resolvers load only what is asked for."""

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode


def _children(selection_set, fragments):
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _children(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield from _children(fragments[selection.name.value].selection_set, fragments)


def selects(info, path: str) -> bool:
    """True when the query selects ``path`` (dotted field names, e.g. 'edges.node.selfServiceLinks') here."""
    fragments = info.fragments
    level = list(info.field_nodes)
    for name in path.split("."):
        level = [child for node in level for child in _children(node.selection_set, fragments) if child.name.value == name]
        if not level:
            return False
    return True
