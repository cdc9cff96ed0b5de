"""The /graphql/ endpoint: GraphQL over HTTP with keys, limits, persisted queries and caching."""

import json
import logging
from contextlib import nullcontext

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError, OperationType, execute, get_operation_ast

from cms.database_outage import is_database_outage
from content_models.events import log as event_log

from ..deprecations import usage as deprecated_usage
from ..deprecations.sunset import sunset_errors
from ..graphql.core.arguments import CitizenMunicipality, citizen_municipality_code
from ..graphql.core.partner import is_private
from ..graphql.schema import schema
from ..limits import query_limits, rate
from ..partner_docs.examples import graphiql_example as partner_guide_example
from ..partners.keys import InvalidApiKey, authenticate
from ..preview.tokens import InvalidPreviewToken, grant_for_request
from . import response_cache
from .cors import add_cors_headers, preflight
from .documents import prepare
from .execution import PortalExecutionContext, never_awaitable
from .persisted import PersistedQueryNotFound, register, resolve_persisted
from .protocol import (
    GRAPHQL_RESPONSE,
    JSON,
    RequestError,
    parse_request,
    response_media_type,
    unusable_character_errors,
    wants_graphiql,
)

logger = logging.getLogger(__name__)
GRAPHQL_SCHEMA = schema.graphql_schema


def _json_body(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error_payload(message, code, **extensions):
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def _with_code(error: GraphQLError, code: str) -> dict:
    """The error as JSON, with ``code`` in its extensions unless it names a more precise one."""
    formatted = error.formatted
    formatted["extensions"] = {"code": code, **(formatted.get("extensions") or {})}
    return formatted


def _format_errors(errors):
    formatted = []
    for error in errors:
        original = getattr(error, "original_error", None)
        if error.path is None:
            # Raised before execution (variable coercion): the request's own input was wrong.
            formatted.append(_with_code(error, "BAD_USER_INPUT"))
        elif original is not None and not isinstance(original, GraphQLError):
            # Never show internals to a partner; the log has the traceback.
            logger.error("resolver failed", exc_info=original, extra={"path": str(error.path)})
            formatted.append(
                {"message": "Internal error while resolving this field.", "path": error.path,
                 "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
            )
        else:
            formatted.append(error.formatted)
    return formatted


class _Outcome:
    def __init__(self, status, payload, cacheable=False):
        self.status, self.payload, self.cacheable = status, payload, cacheable


def _request_error_status(media_type):
    # application/json clients get 200 for well-formed requests with GraphQL errors (spec, legacy mode).
    return 400 if media_type == GRAPHQL_RESPONSE else 200


def _rejected(media_type, errors, code) -> _Outcome:
    return _Outcome(_request_error_status(media_type), {"errors": [_with_code(e, code) for e in errors]})


def _run(request, graphql_request, media_type, citizen_municipality=None) -> _Outcome:
    query = graphql_request.query
    if not query:
        raise RequestError("Missing `query`: send a GraphQL document or a persisted query hash.")
    if len(query) > query_limits.LIMITS.max_length:
        raise RequestError(f"The query is longer than {query_limits.LIMITS.max_length} characters.", status=413)
    prepared = prepare(query, graphql_request.operation_name)  # parsed and validated once per distinct text
    document = prepared.document
    if document is None:
        return _rejected(media_type, list(prepared.errors), prepared.code)
    operation = get_operation_ast(document, graphql_request.operation_name)
    if request.method == "GET" and operation is not None and operation.operation is not OperationType.QUERY:
        # GraphQL over HTTP: a mutation must never run from a GET (links, prefetching, caches).
        raise RequestError(
            f"A {operation.operation.value} cannot be sent with GET; use POST.", status=405, headers={"Allow": "POST"}
        )
    errors = list(prepared.errors) or query_limits.check_after_validation(
        GRAPHQL_SCHEMA, document, graphql_request.variables, graphql_request.operation_name
    )
    if errors:
        return _rejected(media_type, errors, "GRAPHQL_VALIDATION_FAILED")
    if errors := unusable_character_errors(document, graphql_request.variables):
        return _rejected(media_type, errors, "BAD_USER_INPUT")
    _count_deprecated(request, prepared)
    if errors := sunset_errors(prepared.deprecated_fields, timezone.localdate()):
        return _rejected(media_type, errors, "FIELD_SUNSET")
    if operation is None:
        message = (
            f"The document has no operation named '{graphql_request.operation_name}'."
            if graphql_request.operation_name
            else "The document has several operations: name the one to run with `operationName`."
        )
        return _rejected(media_type, [GraphQLError(message)], "BAD_REQUEST")
    if operation.operation is OperationType.SUBSCRIPTION:
        # graphql-core validates a subscription against a schema without one; GraphQL.js 17 does not.
        message = "The API has no subscriptions: use webhooks or the `changes` feed."
        return _rejected(media_type, [GraphQLError(message, operation)], "GRAPHQL_VALIDATION_FAILED")
    register(graphql_request)
    with _transaction_for(operation):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [settings.GRAPHQL_STATEMENT_TIMEOUT_MS])
        result = execute(
            GRAPHQL_SCHEMA, document, variable_values=graphql_request.variables,
            operation_name=graphql_request.operation_name, context_value=request,
            middleware=[CitizenMunicipality(citizen_municipality)] if citizen_municipality else None,
            execution_context_class=PortalExecutionContext, is_awaitable=never_awaitable,
        )
    for error in result.errors or ():
        if is_database_outage(error.original_error):
            raise error.original_error  # not a GraphQL error: the whole API is unavailable (503, Retry-After)
    if result.errors and result.data is None and all(e.path is None for e in result.errors):
        # Variable coercion errors (raised before execution, so without a path): the request was invalid.
        return _Outcome(_request_error_status(media_type), {"errors": _format_errors(result.errors)})
    payload = {"data": result.data}
    if result.errors:
        payload["errors"] = _format_errors(result.errors)
    # A partner's own data (its webhooks) never goes into the shared cache, which is keyed by the query text.
    return _Outcome(200, payload, cacheable=not result.errors and not is_private(request))


def _transaction_for(operation):
    """A mutation runs in one transaction, and so does a query on PostgreSQL (its statement time-out lasts one
    transaction). A query on SQLite runs without one: there a transaction takes the database's one write lock
    (settings: IMMEDIATE), so every partner's read would wait for every other request. Its few writes (a key's
    last use, a persisted query) each wait their turn in autocommit."""
    if operation.operation is OperationType.MUTATION or connection.vendor != "sqlite":
        return transaction.atomic()
    return nullcontext()


def _graphiql_example() -> dict | None:
    """What GraphiQL opens with: the partner guide's example (query and variables as JSON text)."""
    example = partner_guide_example()
    if example is None:
        return None
    return {"query": example.query, "variables": json.dumps(example.variables, indent=2)}


def _count_deprecated(request, prepared) -> None:
    """Count, per partner key, the deprecated fields a query selects (found once per query text)."""
    if prepared.deprecated_fields and getattr(request, "partner_key", None) is not None:
        deprecated_usage.record(request.partner_key, prepared.deprecated_fields)


def _respond(request, status, body, media_type, partner_key=None, etag=None, extra_headers=None, cacheable=False):
    response = HttpResponse(body, status=status, content_type=f"{media_type}; charset=utf-8")
    if request.method == "GET" and status == 200 and cacheable and getattr(request, "preview_grant", None) is None:
        response["Cache-Control"] = (
            f"private, max-age={settings.GRAPHQL_CACHE_MAX_AGE}" if partner_key
            else f"public, max-age={settings.GRAPHQL_CACHE_MAX_AGE}"
        )
        response["ETag"] = etag or response_cache.etag_for(body)
    else:
        # Errors (a failing resolver, a timeout, a rejection) must not be kept by browsers or CDNs.
        response["Cache-Control"] = "no-store"
    response["Vary"] = "Accept, Authorization, X-Api-Key, Origin"
    for name, value in (extra_headers or {}).items():
        response[name] = value
    return add_cors_headers(response, request, partner_key.partner if partner_key else None)


def _not_modified(request, etag, partner_key):
    response = HttpResponse(status=304)
    response["ETag"] = etag
    response["Cache-Control"] = (
        f"private, max-age={settings.GRAPHQL_CACHE_MAX_AGE}" if partner_key
        else f"public, max-age={settings.GRAPHQL_CACHE_MAX_AGE}"
    )
    response["Vary"] = "Accept, Authorization, X-Api-Key, Origin"
    return add_cors_headers(response, request, partner_key.partner if partner_key else None)


def _etag_matches(request, etag) -> bool:
    # If-None-Match compares weakly (RFC 9110 13.1.2): a proxy that compressed the body sends W/"...".
    candidates = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in candidates or "*" in candidates


@csrf_exempt
@transaction.non_atomic_requests  # the transaction is chosen per operation (_transaction_for)
def graphql_view(request):
    if request.method != "HEAD":
        return _answer(request)
    # HEAD is GET without the body (RFC 9110 9.3.2): the same status and headers (ETag, caching, rate limits).
    request.method = "GET"
    response = _answer(request)
    response.content = b""
    return response


def _answer(request):
    if request.method == "OPTIONS":
        return preflight(request)
    media_type = JSON
    partner_key = None
    try:
        # A browser may accept only text/html: it gets GraphiQL, not a 406.
        graphiql = wants_graphiql(request)
        if not graphiql:
            media_type = response_media_type(request)
        try:
            partner_key = authenticate(request)
        except InvalidApiKey as exc:
            return _respond(request, 401, _json_body(_error_payload(str(exc), "UNAUTHENTICATED")), media_type,
                            extra_headers={"WWW-Authenticate": 'Bearer realm="graphql"'})
        identity, limit = (
            (f"key:{partner_key.pk}", partner_key.partner.requests_per_minute) if partner_key
            else (f"ip:{rate.client_ip(request)}", settings.GRAPHQL_ANONYMOUS_RATE_PER_MINUTE)
        )
        decision = rate.hit(identity, limit)
        limit_headers = {"X-RateLimit-Limit": str(decision.limit), "X-RateLimit-Remaining": str(decision.remaining)}
        if not decision.allowed:
            payload = _error_payload(
                f"Rate limit of {decision.limit} requests a minute exceeded; retry in {decision.retry_after} s. "
                "Partners with an API key get higher limits.", "RATE_LIMITED", retryAfter=decision.retry_after,
            )
            return _respond(request, 429, _json_body(payload), media_type, partner_key,
                            extra_headers={**limit_headers, "Retry-After": str(decision.retry_after)})
        request.partner_key = partner_key  # for the partner's own fields (core/partner.py)
        try:
            request.preview_grant = grant_for_request(request)
        except InvalidPreviewToken as exc:
            return _respond(request, 403, _json_body(_error_payload(str(exc), "FORBIDDEN")), media_type, partner_key)
        if graphiql:
            context = {"endpoint": request.path, "example": _graphiql_example()}
            return render(request, "syndication/graphiql.html", context)
        graphql_request = parse_request(request)
        try:
            graphql_request = resolve_persisted(graphql_request)
        except PersistedQueryNotFound:
            payload = _error_payload(
                "PersistedQueryNotFound: send the query once with its sha256Hash to register it.",
                "PERSISTED_QUERY_NOT_FOUND",
            )
            return _respond(request, 200 if media_type != GRAPHQL_RESPONSE else 400, _json_body(payload), media_type,
                            partner_key, extra_headers=limit_headers)
        # A signed-in citizen's own municipality fills in a missing `municipality` (core/arguments.py): such a
        # response is personal, so it is neither taken from nor put in the shared cache, nor kept by browsers.
        # A partner's key speaks for the partner, whatever cookies come along.
        citizen_municipality = citizen_municipality_code(request) if partner_key is None else None
        key = None
        if request.method == "GET" and request.preview_grant is None and citizen_municipality is None:
            key = response_cache.cache_key(graphql_request, media_type, event_log.head())
            cached = response_cache.get(key)
            if cached:
                # The text was valid when it was cached: its preparation is a lookup in the per-process LRU.
                _count_deprecated(request, prepare(graphql_request.query, graphql_request.operation_name))
                status, body, etag = cached
                if _etag_matches(request, etag):
                    return _not_modified(request, etag, partner_key)
                return _respond(
                    request, status, body, media_type, partner_key, etag=etag, extra_headers=limit_headers,
                    cacheable=True,
                )
        outcome = _run(request, graphql_request, media_type, citizen_municipality)
        body = _json_body(outcome.payload)
        if key and outcome.cacheable:
            etag = response_cache.etag_for(body)
            response_cache.put(key, outcome.status, body, etag)
            if _etag_matches(request, etag):
                return _not_modified(request, etag, partner_key)
        return _respond(
            request, outcome.status, body, media_type, partner_key, extra_headers=limit_headers,
            cacheable=outcome.cacheable and citizen_municipality is None,
        )
    except RequestError as error:
        payload = _error_payload(error.message, "BAD_REQUEST")
        response = _respond(request, error.status, _json_body(payload), media_type, partner_key)
        for name, value in error.headers.items():
            response[name] = value
        return response
