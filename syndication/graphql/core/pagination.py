"""Relay connections with keyset cursors: stable under concurrent publishing, cheap at any depth.

A cursor is an opaque base64 string naming the connection and the sort key of
the last item seen; the next page is `sort_key > cursor`, so items published
meanwhile never shift or repeat a page the way offsets would.
"""

import base64
import binascii
import json

import graphene
from django.core.exceptions import FieldDoesNotExist, ValidationError

from .errors import BadUserInput

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class PageInfo(graphene.ObjectType):
    """Where this page ends and whether another follows."""

    has_next_page = graphene.Boolean(required=True, description="True when another page follows this one.")
    end_cursor = graphene.String(description="Pass as `after` to get the next page; null on an empty page.")


def encode_cursor(name: str, key) -> str:
    raw = json.dumps([name, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


INVALID_CURSOR = "Invalid cursor: pass an endCursor or cursor value exactly as returned."
_BIGGEST_KEY = 2**63 - 1  # keys are database integers or strings


def decode_cursor(name: str, cursor: str):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, RecursionError):
        raise BadUserInput(INVALID_CURSOR, argument="after")
    # Only what encode_cursor writes: [list name, str or int key]. Anything else is forged or damaged.
    if not (isinstance(decoded, list) and len(decoded) == 2 and isinstance(decoded[0], str)):
        raise BadUserInput(INVALID_CURSOR, argument="after")
    kind, key = decoded
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise BadUserInput(INVALID_CURSOR, argument="after")
    if (isinstance(key, int) and abs(key) > _BIGGEST_KEY) or (isinstance(key, str) and "\x00" in key):
        raise BadUserInput(INVALID_CURSOR, argument="after")  # out of the database's range
    if kind != name:
        raise BadUserInput(f"This cursor belongs to another list ({kind}), not {name}.", argument="after")
    return key


def _typed_key(queryset, key_field: str, key):
    """The cursor's key as the key field's type, so a forged key is a user error, not a database error."""
    try:
        field = queryset.model._meta.get_field(key_field)
    except FieldDoesNotExist:  # a key across a relation ("a__b"): compared as it is
        return key
    try:
        return field.to_python(key)
    except ValidationError:
        raise BadUserInput(INVALID_CURSOR, argument="after")


def page_size(first: int | None, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """``first`` as given (1..maximum), ``default`` when left out; anything else is BAD_USER_INPUT."""
    if first is None:
        return default
    if not 1 <= first <= maximum:
        raise BadUserInput(f"`first` must be between 1 and {maximum}, got {first}.", argument="first")
    return first


def connection_type(node_type, name: str, description: str):
    """A Relay connection type with totalCount for ``node_type``."""
    edge = type(
        f"{name}Edge",
        (graphene.ObjectType,),
        {
            "__doc__": f"One {node_type._meta.name} in a page of results.",
            "cursor": graphene.String(required=True, description="Opaque position of this item."),
            "node": graphene.Field(node_type, required=True, description="The item."),
        },
    )
    return type(
        f"{name}Connection",
        (graphene.ObjectType,),
        {
            "__doc__": description,
            "edges": graphene.List(graphene.NonNull(edge), required=True, description="The items of this page."),
            "page_info": graphene.Field(PageInfo, required=True, description="Paging information."),
            "total_count": graphene.Int(required=True, description="Items matching the filters, on all pages."),
        },
    )


class ConnectionResult:
    def __init__(self, edges, has_next_page, total_count_fn):
        self.edges = edges
        self.page_info = PageInfo(
            has_next_page=has_next_page, end_cursor=edges[-1]["cursor"] if edges else None
        )
        self._total_count_fn = total_count_fn

    @property
    def total_count(self):
        # Counted only when asked for: it is a second query.
        return self._total_count_fn()


def paginate(queryset, *, name: str, key_field: str, first: int | None, after: str | None) -> ConnectionResult:
    """Slice ``queryset`` ordered by the unique ``key_field`` into one page after ``after``."""
    size = page_size(first)
    ordered = queryset.order_by(key_field)
    page_qs = ordered
    if after:
        page_qs = ordered.filter(**{f"{key_field}__gt": _typed_key(queryset, key_field, decode_cursor(name, after))})
    items = list(page_qs[: size + 1])
    has_next = len(items) > size
    items = items[:size]
    edges = [{"cursor": encode_cursor(name, _key_value(item, key_field)), "node": item} for item in items]
    return ConnectionResult(edges, has_next, lambda: queryset.count())


def _key_value(item, key_field):
    value = item
    for part in key_field.split("__"):
        value = getattr(value, part)
    return value
