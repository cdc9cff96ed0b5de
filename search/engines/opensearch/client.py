"""The OpenSearch connection: one cached client per URL, and one place that turns its errors
into ``EngineUnavailable`` so the service can answer from the database instead."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import NotFoundError, OpenSearchException

from ..base import EngineUnavailable

logger = logging.getLogger(__name__)

# Bulk loads and index creation may take a while on a busy node; searches get the short
# SEARCH_OPENSEARCH_TIMEOUT per request instead.
INDEXING_TIMEOUT = 60.0


@lru_cache(maxsize=8)
def _client(urls: str) -> OpenSearch:
    # ``urls``: one node, or a cluster's nodes comma-separated. A node that cannot be reached is marked dead and
    # the request goes to the next one (one retry per other node); no retry on a timeout: a slow search should
    # fall back to the database at once, and the indexing worker retries whole batches from its cursor anyway.
    hosts = [url.strip() for url in urls.split(",") if url.strip()]
    # One connection per thread of a gthread worker (deploy/gunicorn.conf.py): no "pool is full" churn.
    return OpenSearch(hosts=hosts, timeout=INDEXING_TIMEOUT, max_retries=len(hosts) - 1, retry_on_timeout=False,
                      pool_maxsize=16)


def get_client() -> OpenSearch:
    if not settings.OPENSEARCH_URL:
        raise EngineUnavailable("OPENSEARCH_URL is not set")
    return _client(settings.OPENSEARCH_URL)


def alias_name() -> str:
    """The alias that searches and the indexing worker use (a rebuild moves it to a new index)."""
    return f"{settings.SEARCH_INDEX_PREFIX}-search"


def search_timeout() -> float:
    return float(settings.SEARCH_OPENSEARCH_TIMEOUT)


@contextmanager
def unavailable_on_error(action: str) -> Iterator[None]:
    """Re-raise any client or server error of ``action`` as ``EngineUnavailable``."""
    try:
        yield
    except NotFoundError as exc:
        raise EngineUnavailable(f"OpenSearch {action}: index missing ({exc.error})") from exc
    except TransportConnectionError as exc:  # also timeouts
        raise EngineUnavailable(f"OpenSearch {action}: cannot reach {settings.OPENSEARCH_URL} ({exc.error})") from exc
    except OpenSearchException as exc:
        status = getattr(exc, "status_code", None)
        if not (isinstance(status, int) and status >= 500):
            # A rejected request (4xx) is our bug, not the searcher's: log it, and still let the
            # service answer from the database rather than fail the page.
            logger.error("OpenSearch %s failed: %s", action, exc)
        # A 5xx is the cluster's trouble (a node just lost, shards recovering): an outage like a refused
        # connection, which the caller reports once.
        raise EngineUnavailable(f"OpenSearch {action} failed: {exc}") from exc


def ping() -> tuple[bool, str]:
    """For readiness checks: (ok, detail); ok when the node answers and the index alias exists."""
    try:
        with unavailable_on_error("ping"):
            found = get_client().indices.exists_alias(name=alias_name(), request_timeout=search_timeout())
    except EngineUnavailable as exc:
        return False, str(exc)
    if not found:
        return False, f"OpenSearch index {alias_name()} missing: run manage.py search_reindex"
    return True, "opensearch"
