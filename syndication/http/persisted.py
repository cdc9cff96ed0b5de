"""Automatic persisted queries: a client sends the sha256 of a query and GETs it by hash from then on."""

import hashlib

from ..models import PersistedQuery
from .protocol import GraphQLRequest, RequestError


class PersistedQueryNotFound(Exception):
    pass


def _hash(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def resolve_persisted(graphql_request: GraphQLRequest) -> GraphQLRequest:
    """Fill in the query from its hash, or register the query under the hash it came with."""
    persisted = graphql_request.extensions.get("persistedQuery")
    if not persisted:
        return graphql_request
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise RequestError("Unsupported persistedQuery: send {\"version\": 1, \"sha256Hash\": \"...\"}.")
    digest = str(persisted.get("sha256Hash", "")).lower()
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise RequestError("persistedQuery.sha256Hash must be 64 hex digits.")
    if graphql_request.query:
        if _hash(graphql_request.query) != digest:
            raise RequestError("persistedQuery.sha256Hash does not match the query's sha256.")
        # Stored by register() once the query has passed validation and the limits: no junk is kept.
        graphql_request.register_hash = digest
        return graphql_request
    stored = PersistedQuery.objects.filter(sha256=digest).values_list("query", flat=True).first()
    if stored is None:
        raise PersistedQueryNotFound(digest)
    graphql_request.query = stored
    return graphql_request


def register(graphql_request: GraphQLRequest) -> None:
    """Store a query sent with its hash, so that GET by hash alone works from now on."""
    if graphql_request.register_hash:
        PersistedQuery.objects.get_or_create(
            sha256=graphql_request.register_hash, defaults={"query": graphql_request.query}
        )
