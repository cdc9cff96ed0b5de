"""Wagtail's admin search on OpenSearch, without a save ever waiting for (or failing on) a dead cluster.

modelsearch indexes an object for the admin search as it is saved, synchronously. With the cluster unreachable,
each save paid a request time-out per object and logged several tracebacks. Here a circuit breaker (per process)
turns the first failure into one warning, later writes during the outage skip the cluster at once, and every
object not written is listed in ``AdminIndexBacklog``; the worker writes those once the cluster answers
(``drain_backlog``, a periodic task of run_worker).
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import TransportError

from cms.circuit_breaker import CircuitBreaker

logger = logging.getLogger(__name__)

# A refused connection is instant; a hung node costs the backend's TIMEOUT once, then the breaker is open.
breaker = CircuitBreaker(threshold=1, cool_down=lambda: settings.SEARCH_OPENSEARCH_RETRY_AFTER)
_OUTAGE = (TransportConnectionError, TransportError)


def _unreachable(exc: Exception) -> bool:
    # TransportError without an HTTP status (N/A) is a network failure; a 4xx/5xx answer is a real error.
    return isinstance(exc, TransportConnectionError) or not isinstance(getattr(exc, "status_code", None), int)


class AdminSearchBackend(OpenSearch3SearchBackend):
    def add(self, obj):
        self._write([obj], lambda: super(AdminSearchBackend, self).add(obj))

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        self._write(obj_list, lambda: super(AdminSearchBackend, self).add_bulk(model, obj_list))

    def delete(self, obj):
        self._write([obj], lambda: super(AdminSearchBackend, self).delete(obj))

    def _write(self, objects, call) -> None:
        if not breaker.allow():
            remember(objects)
            return
        try:
            call()
        except _OUTAGE as exc:
            if not _unreachable(exc):
                raise
            was_open = breaker.is_open
            breaker.failure(str(exc))
            if not was_open:
                logger.warning(
                    "admin search index unreachable; saves go on and the worker indexes what they changed once it "
                    "answers: %s", exc,
                )
            remember(objects)
        else:
            if breaker.is_open:
                logger.info("admin search index answers again")
            breaker.success()


def remember(objects) -> None:
    from ..models import AdminIndexBacklog

    for obj in objects:
        if obj.pk is not None:
            AdminIndexBacklog.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
                object_id=str(obj.pk),
            )


def drain_backlog(limit: int = 500) -> str:
    """Index (or remove) what the admin search missed during an outage; a periodic task of the worker."""
    from modelsearch.index import get_indexed_instance

    from ..models import AdminIndexBacklog

    rows = list(AdminIndexBacklog.objects.select_related("content_type").order_by("pk")[:limit])
    if not rows or not breaker.allow():
        return ""
    backend = _backend()
    done = 0
    for row in rows:
        model = row.content_type.model_class()
        obj = model._default_manager.filter(pk=row.object_id).first() if model else None
        indexed = get_indexed_instance(obj) if obj is not None else None
        try:
            if indexed is not None:
                OpenSearch3SearchBackend.add(backend, indexed)
            elif model is not None:
                try:
                    OpenSearch3SearchBackend.delete(backend, model(pk=row.object_id))
                except TransportError as exc:
                    if getattr(exc, "status_code", None) != 404:
                        raise
        except _OUTAGE as exc:
            if not _unreachable(exc):
                raise
            breaker.failure(str(exc))
            break
        row.delete()
        done += 1
    if done:
        breaker.success()
    return f"admin search: {done} objects indexed after an outage" if done else ""


def _backend():
    from modelsearch.backends import get_search_backend

    return get_search_backend("default")


SearchBackend = AdminSearchBackend  # what modelsearch looks up in a BACKEND module
