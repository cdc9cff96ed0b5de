"""The database projection: applies index operations to SearchDocument rows.

The full-text index follows the rows by itself (SQLite triggers, PostgreSQL expression
index), so writing a row is indexing it. A generation counter in the cache tells
engines' in-process caches (the typo vocabulary) that the projection changed.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from content_models.events.log import head as log_head

from ..models import SearchDocument
from ..projection import all_documents, live_count, signal_factors
from .operations import Operation

GENERATION_KEY = "search:projection-generation"
_FIELDS = [f.name for f in SearchDocument._meta.fields if f.name not in ("id", "kind", "object_id", "updated_at")]


def generation() -> str:
    # A random token, not a counter: a cleared or restarted cache must not repeat an old value.
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def _bump_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def apply(operations: list[Operation]) -> None:
    for op in operations:
        existing = SearchDocument.objects.filter(kind=op.kind, object_id=op.object_id).first()
        if existing is not None and existing.version > op.version:
            continue  # a newer event already shaped this document
        if op.document is None:
            if existing is not None:
                existing.delete()
            continue
        values = {name: op.document[name] for name in _FIELDS if name in op.document}
        values["version"] = op.version
        if existing is None:
            SearchDocument.objects.create(kind=op.kind, object_id=op.object_id, **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
    if operations:
        transaction.on_commit(_bump_generation)


def handle(events) -> None:
    """The event-log consumer "search-projection"."""
    from .operations import operations_for

    apply(operations_for(events))


def rebuild(progress=None, batch_size: int = 500) -> dict:
    """Replace the whole projection from live content in one transaction (readers see the old one until commit)."""
    started = time.monotonic()
    total = live_count()
    version = log_head()
    done = 0
    with transaction.atomic():
        factors = signal_factors()  # read before the rows that hold them go
        SearchDocument.objects.all().delete()
        batch = []
        for document in all_documents(factors=factors):
            values = {name: document[name] for name in _FIELDS if name in document}
            batch.append(SearchDocument(kind=document["kind"], object_id=document["object_id"], version=version, **values))
            if len(batch) >= batch_size:
                SearchDocument.objects.bulk_create(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        if batch:
            SearchDocument.objects.bulk_create(batch)
            done += len(batch)
        if progress:
            progress(done, total)
        transaction.on_commit(_bump_generation)
    return {"documents": done, "seconds": time.monotonic() - started}
