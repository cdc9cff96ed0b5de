"""Parsing a GraphQL-over-HTTP request into (query, variables, operation name, extensions).

Follows the GraphQL over HTTP specification: POST with an application/json body,
or GET with URL parameters; anything malformed is a RequestError with the HTTP
status the specification asks for.
"""

import json
from dataclasses import dataclass, field

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


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


def _json_param(raw, name):
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise RequestError(f"`{name}` is not valid JSON.")
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


def parse_request(request) -> GraphQLRequest:
    if request.method == "GET":
        return _build(request.GET.dict())
    if request.method != "POST":
        raise RequestError("Use GET for queries or POST.", status=405, headers={"Allow": "GET, POST"})
    content_type = request.content_type or ""
    if content_type == "application/graphql":
        return GraphQLRequest(query=request.body.decode("utf-8", errors="replace"))
    if content_type != JSON:
        raise RequestError("Send the request as application/json.", status=415)
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise RequestError("The request body is not valid JSON.")
    if isinstance(payload, list):
        raise RequestError("Batched requests are not supported; send one operation per request.")
    if not isinstance(payload, dict):
        raise RequestError("The request body must be a JSON object with a `query`.")
    return _build(payload)


def response_media_type(request) -> str:
    """application/graphql-response+json when the client accepts it, else application/json."""
    accept = request.headers.get("Accept", "")
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    if not accept or JSON in accept or "*/*" in accept or "application/*" in accept:
        return JSON
    raise RequestError("This endpoint answers application/graphql-response+json or application/json.", status=406)


def wants_graphiql(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.method == "GET" and "text/html" in accept and "query" not in request.GET
