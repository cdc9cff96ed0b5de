"""Parsing a GraphQL-over-HTTP request into (query, variables, operation name, extensions).

Follows the GraphQL over HTTP specification: POST with an application/json body,
or GET with URL parameters; anything malformed is a RequestError with the HTTP
status the specification asks for.
"""

import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from graphql import GraphQLError, StringValueNode, Visitor, visit

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# Variables and extensions nest objects and lists at most this deep: enough for any input type of the
# schema, and far from what would exhaust the recursion of the JSON encoder or of input coercion.
MAX_JSON_NESTING = 32


class RequestError(Exception):
    def __init__(self, message: str, status: int = 400, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}


@dataclass
class GraphQLRequest:
    query: str | None
    variables: dict = field(default_factory=dict)
    operation_name: str | None = None
    extensions: dict = field(default_factory=dict)
    # Set when the request carries a query together with its persisted-query hash: stored once valid.
    register_hash: str | None = None


def _loads(raw, what: str):
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise RequestError(f"{what} is not valid JSON.")
    except RecursionError:
        raise RequestError(f"{what} nests JSON more than {MAX_JSON_NESTING} levels deep.")
    if _nesting(value) > MAX_JSON_NESTING:
        raise RequestError(f"{what} nests JSON more than {MAX_JSON_NESTING} levels deep.")
    return value


def _nesting(value) -> int:
    """How deep objects and lists nest in a decoded JSON value, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_NESTING:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _json_param(raw, name):
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        raw = _loads(raw, f"`{name}`")
    if not isinstance(raw, dict):
        raise RequestError(f"`{name}` must be a JSON object.")
    return raw


def _build(payload: dict) -> GraphQLRequest:
    query = payload.get("query")
    if query is not None and not isinstance(query, str):
        raise RequestError("`query` must be a string.")
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError("`operationName` must be a string.")
    return GraphQLRequest(
        query=query,
        variables=_json_param(payload.get("variables"), "variables"),
        operation_name=operation_name or None,
        extensions=_json_param(payload.get("extensions"), "extensions"),
    )


def query_params(request) -> dict:
    """The URL parameters of a GET, with Django's own limits turned into request errors."""
    try:
        return request.GET.dict()
    except TooManyFieldsSent:
        raise RequestError("Too many URL parameters; send `query`, `variables`, `operationName`, `extensions`.")


def _body(request) -> bytes:
    try:
        return request.body
    except RequestDataTooBig:
        raise RequestError("The request body is too large.", status=413)


def parse_request(request) -> GraphQLRequest:
    if request.method == "GET":
        return _build(query_params(request))
    if request.method != "POST":
        raise RequestError("Use GET for queries or POST.", status=405, headers={"Allow": "GET, HEAD, POST"})
    content_type = request.content_type or ""
    if content_type == "application/graphql":
        return GraphQLRequest(query=_body(request).decode("utf-8", errors="replace"))
    if content_type != JSON:
        raise RequestError("Send the request as application/json.", status=415)
    payload = _loads(_body(request) or b"null", "The request body")
    if isinstance(payload, list):
        raise RequestError("Batched requests are not supported; send one operation per request.")
    if not isinstance(payload, dict):
        raise RequestError("The request body must be a JSON object with a `query`.")
    return _build(payload)


def _accepted(accept: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; unreadable parts are skipped, as RFC 9110 allows."""
    ranges = []
    for part in accept.split(","):
        media_range, *params = (item.strip() for item in part.split(";"))
        if "/" not in media_range:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0 <= q <= 1:  # also rejects nan
                    q = 0.0
        ranges.append((media_range.lower(), q))
    return ranges


def _quality(media_type: str, ranges) -> tuple[float, int]:
    """q of the most specific range matching ``media_type`` (0 when none does), and that specificity."""
    specificity_of = {media_type: 2, media_type.split("/")[0] + "/*": 1, "*/*": 0}
    best = (0.0, -1)
    for media_range, q in ranges:
        specificity = specificity_of.get(media_range, -1)
        if specificity > best[1]:
            best = (q, specificity)
    return best


def response_media_type(request) -> str:
    """application/graphql-response+json or application/json, whichever the Accept header prefers.

    No Accept header means application/json (the specification's legacy clients). On equal q the type
    named explicitly wins; when both are named, application/graphql-response+json (it says more with
    its status codes); when only wildcards match, application/json (what `*/*` clients expect).
    """
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return JSON
    ranges = _accepted(accept)

    def preference(media_type):
        q, specificity = _quality(media_type, ranges)
        preferred = GRAPHQL_RESPONSE if specificity == 2 else JSON
        return q, specificity, media_type == preferred

    media_type = max((GRAPHQL_RESPONSE, JSON), key=preference)
    if preference(media_type)[0] <= 0:
        raise RequestError(
            "This endpoint answers application/graphql-response+json or application/json.", status=406
        )
    return media_type


def wants_graphiql(request) -> bool:
    """A browser opening /graphql/: GET, HTML preferred over JSON, no query in the URL."""
    if request.method != "GET":
        return False
    ranges = _accepted(request.headers.get("Accept", ""))
    html, _ = _quality("text/html", [r for r in ranges if r[0] != "*/*"])
    if html <= 0 or "query" in query_params(request) or "extensions" in query_params(request):
        return False
    return html >= max(_quality(GRAPHQL_RESPONSE, ranges)[0], _quality(JSON, ranges)[0])


# NUL, which no identifier holds and PostgreSQL cannot compare; half of a UTF-16 surrogate pair ("\\ud800" in
# JSON or a GraphQL string), which is no character: no database, log or JSON encoder takes it.
_UNUSABLE = re.compile("[\x00\ud800-\udfff]")
_UNUSABLE_TEXT = "the NUL character (\\u0000) or half of a surrogate pair (\\ud800-\\udfff)"


class _UnusableFinder(Visitor):
    def __init__(self):
        super().__init__()
        self.nodes = []

    def enter_string_value(self, node: StringValueNode, *_args):
        if _UNUSABLE.search(node.value):
            self.nodes.append(node)


def unusable_character_errors(document, variables: dict) -> list[GraphQLError]:
    """String inputs (arguments and variables) holding characters no input may: answered as BAD_USER_INPUT."""
    finder = _UnusableFinder()
    visit(document, finder)
    errors = [GraphQLError(f"String arguments must not contain {_UNUSABLE_TEXT}.", node) for node in finder.nodes]
    stack = list(variables.items())  # (variable name, a value inside it)
    while stack and not errors:
        name, value = stack.pop()
        if isinstance(value, str) and _UNUSABLE.search(value):
            errors.append(GraphQLError(f"Variable '${name}' contains {_UNUSABLE_TEXT}, which no input may."))
        elif isinstance(value, dict):
            stack.extend((name, item) for item in value.values())
        elif isinstance(value, list):
            stack.extend((name, item) for item in value)
    return errors
