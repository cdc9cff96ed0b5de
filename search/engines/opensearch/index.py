"""The OpenSearch index behind its alias: create it, apply index operations, rebuild and swap.

Readers and the indexing worker only ever use the alias ``{SEARCH_INDEX_PREFIX}-search``;
a rebuild loads a new ``{alias}-<timestamp>`` index and moves the alias in one atomic
``_aliases`` call, so searches keep answering throughout. Every write carries an external
version (the event sequence), so an older event never overwrites a newer one.
"""

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from opensearchpy.exceptions import OpenSearchException

from content_models.events.log import head as log_head
from content_models.models import PublishingEvent

from ...indexing.operations import Operation, documents_as_operations, operations_for
from ...projection import all_documents, live_count
from .client import INDEXING_TIMEOUT, alias_name, get_client, unavailable_on_error
from .mapping import index_body, source_of

BULK_SIZE = 500
Progress = Callable[[int, int], None]  # (documents done, total), like the database projection's rebuild


class IndexingError(RuntimeError):
    """OpenSearch rejected some documents (the worker retries the batch)."""


def _new_index_name() -> str:
    # Microseconds: two rebuilds in one second (tests) still get distinct indexes.
    return f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


def _indexes_behind_alias(client) -> list[str]:
    with unavailable_on_error("alias lookup"):
        if not client.indices.exists_alias(name=alias_name()):
            return []
        return sorted(client.indices.get_alias(name=alias_name()))


def ensure_index() -> str:
    """The index behind the alias, created (with the alias) if there is none."""
    client = get_client()
    indexes = _indexes_behind_alias(client)
    if not indexes:
        name = _new_index_name()
        with unavailable_on_error("create index"):
            client.indices.create(
                index=name, body={**index_body(), "aliases": {alias_name(): {}}}, request_timeout=INDEXING_TIMEOUT
            )
        indexes = _indexes_behind_alias(client)
    if len(indexes) > 1:
        # Two workers created an index at once: all keep the oldest, so they agree on the survivor.
        keep, *extra = indexes
        with unavailable_on_error("resolve duplicate index"):
            client.indices.delete(index=",".join(extra), ignore_unavailable=True)
        indexes = [keep]
    _add_new_fields(client, indexes[0])
    return indexes[0]


_fields_checked: set[str] = set()


def _add_new_fields(client, index: str) -> None:
    """Fields added to the mapping since the index was built (e.g. ``audience``) are added to it, once per
    process: the mapping is strict, so documents carrying them would be refused. Old documents get the value at
    their next change, or all at once with ``search_reindex``."""
    if index in _fields_checked:
        return
    wanted = index_body()["mappings"]["properties"]
    with unavailable_on_error("mapping lookup"):
        current = client.indices.get_mapping(index=index)[index]["mappings"].get("properties", {})
    missing = {name: definition for name, definition in wanted.items() if name not in current}
    if missing:
        with unavailable_on_error("mapping update"):
            client.indices.put_mapping(index=index, body={"properties": missing})
    _fields_checked.add(index)


def _action(op: Operation, index: str) -> list[dict]:
    meta = {"_index": index, "_id": op.document_id, "version": op.version, "version_type": "external"}
    if op.document is None:
        return [{"delete": meta}]
    return [{"index": meta}, source_of(op.document)]


def _accepted(op_type: str, item: dict) -> bool:
    status = item.get("status", 500)
    # 409: the index already holds a newer version (an older event must not win);
    # a delete's "not_found": nothing to delete (its tombstone still records the version).
    return 200 <= status < 300 or status == 409 or (op_type == "delete" and item.get("result") == "not_found")


def _bulk(client, operations: list[Operation], index: str) -> int:
    if not operations:
        return 0
    body = [line for op in operations for line in _action(op, index)]
    with unavailable_on_error("bulk indexing"):
        # require_alias: never let the node auto-create a concrete index under the alias's name.
        result = client.bulk(body=body, require_alias=index == alias_name(), request_timeout=INDEXING_TIMEOUT)
    if result.get("errors"):
        outcomes = [(op_type, item) for entry in result["items"] for op_type, item in entry.items()]
        failed = [(op_type, item) for op_type, item in outcomes if not _accepted(op_type, item)]
        if failed:
            op_type, item = failed[0]
            first = f"{op_type} {item.get('_id')}: {item.get('error')}"
            raise IndexingError(f"{len(failed)} of {len(operations)} rejected; first: {first}")
    return len(operations)


def apply(operations: Iterable[Operation], refresh: bool = False) -> int:
    """Index or delete each operation's document through the alias; returns how many were sent.

    Call ``ensure_index()`` first: a delete sent to a missing alias would make the node
    auto-create a concrete index under the alias's name.

    ``refresh`` makes the changes searchable before returning (tests); the worker leaves that
    to the index's refresh interval.
    """
    client = get_client()
    batch, sent = [], 0
    for op in operations:
        batch.append(op)
        if len(batch) >= BULK_SIZE:
            sent += _bulk(client, batch, alias_name())
            batch = []
    sent += _bulk(client, batch, alias_name())
    if refresh:
        with unavailable_on_error("refresh"):
            client.indices.refresh(index=alias_name())
    return sent


def _catch_up(client, index: str, after: int) -> int:
    """Apply the events logged after ``after`` to ``index``; returns the last sequence seen."""
    while True:
        events = list(PublishingEvent.objects.filter(sequence__gt=after).order_by("sequence")[:BULK_SIZE])
        if not events:
            return after
        _bulk(client, operations_for(events), index)
        after = events[-1].sequence


def rebuild(progress: Progress | None = None) -> dict:
    """Load every live item into a new index, swap the alias to it, delete the old index.

    Returns {"documents", "seconds", "index"}.
    """
    started = time.monotonic()
    client = get_client()
    version = log_head()
    total = live_count()
    name = _new_index_name()
    with unavailable_on_error("create index"):
        client.indices.create(index=name, body=index_body(), request_timeout=INDEXING_TIMEOUT)
    try:
        done, batch = 0, []
        for op in documents_as_operations(all_documents(), version):
            batch.append(op)
            if len(batch) >= BULK_SIZE:
                done += _bulk(client, batch, name)
                batch = []
                if progress:
                    progress(done, total)
        done += _bulk(client, batch, name)
        if progress:
            progress(done, total)
        # The worker kept writing to the old index meanwhile: replay what was published since
        # the snapshot into the new one, before and after the swap (external versions keep
        # whichever state is newest).
        caught_up = _catch_up(client, name, version)
        with unavailable_on_error("refresh"):
            client.indices.refresh(index=name)
        old = _indexes_behind_alias(client)
        _swap_alias(client, old, name)
    except BaseException:
        # Whatever stopped the load (node down, bad document, Ctrl-C): the old index keeps serving.
        _delete_quietly(client, name)
        raise
    _catch_up(client, name, caught_up)
    if old:
        with unavailable_on_error("delete old index"):
            client.indices.delete(index=",".join(old), ignore_unavailable=True)
    return {"documents": done, "seconds": time.monotonic() - started, "index": name}


def _swap_alias(client, old: list[str], new: str) -> None:
    actions = [{"remove": {"index": index, "alias": alias_name()}} for index in old]
    actions.append({"add": {"index": new, "alias": alias_name()}})
    with unavailable_on_error("swap alias"):
        client.indices.update_aliases(body={"actions": actions}, request_timeout=INDEXING_TIMEOUT)


def _delete_quietly(client, index: str) -> None:
    try:
        client.indices.delete(index=index, ignore_unavailable=True)
    except OpenSearchException:
        pass  # the node is gone too; the orphan index holds no alias and harms nothing


def update_signal_boosts(documents, refresh: bool = False) -> int:
    """Re-send projection rows (SearchDocument) whose signal_boost changed, at the version they already have.

    ``external_gte`` with the row's own version rewrites the same content with the new factor and keeps the event
    ordering intact (a partial update would bump the internal version and could make the next event look stale);
    where the index already holds a newer event, it answers 409 and keeps it (the next search_signals run sets
    the factor there).
    """
    from django.forms.models import model_to_dict

    client = get_client()
    body = []
    for row in documents:
        meta = {"_index": alias_name(), "_id": row.document_id, "version": row.version, "version_type": "external_gte"}
        body += [{"index": meta}, source_of(model_to_dict(row))]
    if not body:
        return 0
    with unavailable_on_error("bulk signal boosts"):
        result = client.bulk(body=body, require_alias=True, refresh=refresh, request_timeout=INDEXING_TIMEOUT)
    failed = [item for entry in result["items"] for op_type, item in entry.items() if not _accepted(op_type, item)]
    if failed:
        raise IndexingError(f"{len(failed)} signal boosts rejected; first: {failed[0].get('error')}")
    return len(body) // 2
