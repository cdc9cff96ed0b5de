"""A shared cache of GET responses, keyed by the request and the head of the event log.

Any publish, unpublish or delete moves the head of the log, which changes every
key at once: no stale content after a change, and no invalidation bookkeeping.
"""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Max

from content_models.models import PublishingEvent

TTL_SECONDS = 300


def content_version() -> int:
    return PublishingEvent.objects.aggregate(head=Max("sequence"))["head"] or 0


def cache_key(graphql_request, media_type: str, version: int) -> str:
    material = json.dumps(
        [graphql_request.query, graphql_request.variables, graphql_request.operation_name, media_type, version],
        sort_keys=True, separators=(",", ":"),
    )
    return "graphql:response:" + hashlib.sha256(material.encode()).hexdigest()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def get(key):
    return cache.get(key)


def put(key, status: int, body: bytes, etag: str):
    cache.set(key, (status, body, etag), TTL_SECONDS)
