"""A shared cache of GET responses, keyed by the request and the head of the event log.

Any publish, unpublish or delete moves the head of the log, which changes every
key at once: no stale content after a change, and no invalidation bookkeeping.
"""

import hashlib
import json
import logging

from django.core.cache import cache

from cms.cache import CACHE_UNAVAILABLE

logger = logging.getLogger(__name__)

TTL_SECONDS = 300


def cache_key(graphql_request, media_type: str, version: int) -> str:
    material = json.dumps(
        [graphql_request.query, graphql_request.variables, graphql_request.operation_name, media_type, version],
        sort_keys=True, separators=(",", ":"),
    )
    return "graphql:response:" + hashlib.sha256(material.encode()).hexdigest()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def get(key):
    try:
        return cache.get(key)
    except CACHE_UNAVAILABLE:  # a cache outage only costs speed
        logger.warning("response cache unavailable", exc_info=True)
        return None


def put(key, status: int, body: bytes, etag: str):
    try:
        cache.set(key, (status, body, etag), TTL_SECONDS)
    except CACHE_UNAVAILABLE:
        logger.warning("response cache unavailable", exc_info=True)
