"""Draining the event log: each consumer reads from its stored cursor, batch by batch.

A batch and the cursor move commit together, so a consumer that fails (or a
worker that dies) resumes from the first event it had not finished. Several
workers may run at once: on PostgreSQL the cursor row is locked with SKIP
LOCKED, so one consumer is served by one worker at a time.
"""

import logging
import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from ..models import ConsumerCursor, PublishingEvent
from .registry import Consumer, registered_consumers

logger = logging.getLogger(__name__)


@dataclass
class DrainReport:
    processed: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    # Consumers whose service is down (an exception with ``transient = True``, e.g. search.engines.base's
    # EngineUnavailable): their events wait, which is not a failure of the worker.
    waiting: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def _locked_cursor(name: str) -> ConsumerCursor | None:
    ConsumerCursor.objects.get_or_create(name=name)
    queryset = ConsumerCursor.objects.filter(name=name)
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    return queryset.first()


# On SQLite a transaction holds the one write lock of the whole database from its start (IMMEDIATE): editors and
# imports wait while a batch is handled, so batches stay small there.
SQLITE_MAX_BATCH = 20


def batch_size(consumer: Consumer) -> int:
    return min(consumer.batch_size, SQLITE_MAX_BATCH) if connection.vendor == "sqlite" else consumer.batch_size


def process_batch(consumer: Consumer) -> int:
    """Hand the next batch to ``consumer``; return how many events it took (0: caught up or busy)."""
    with transaction.atomic():
        cursor = _locked_cursor(consumer.name)
        if cursor is None:
            return 0  # another worker holds this consumer
        events = list(
            PublishingEvent.objects.filter(sequence__gt=cursor.position).order_by("sequence")[: batch_size(consumer)]
        )
        if not events:
            return 0
        try:
            # A savepoint: what the consumer wrote is undone with its failure, the cursor row is not.
            with transaction.atomic():
                consumer.handle(events)
        except Exception as exc:  # noqa: BLE001 - a consumer's failure must not stop the others
            cursor.failures += 1
            cursor.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            cursor.save(update_fields=["failures", "last_error", "updated_at"])
            failure = exc
        else:
            cursor.position = events[-1].sequence
            cursor.failures = 0
            cursor.last_error = ""
            cursor.save(update_fields=["position", "failures", "last_error", "updated_at"])
            _recovered(consumer.name)
            return len(events)
    transient = bool(getattr(failure, "transient", False))
    if not transient:
        logger.error(
            "consumer failed; its events stay unread",
            exc_info=failure,
            extra={"consumer": consumer.name, "from_sequence": events[0].sequence},
        )
    elif consumer.name not in _outages:
        # One warning per outage and process, no traceback: the worker retries every pass and would flood the log.
        _outages[consumer.name] = time.monotonic()
        logger.warning(
            "consumer waits for its service; its events stay unread until it answers: %s", cursor.last_error,
            extra={"consumer": consumer.name, "from_sequence": events[0].sequence},
        )
    raise ConsumerFailed(consumer.name, cursor.last_error, transient=transient) from failure


_outages: dict[str, float] = {}  # consumer name -> when its service was found down (this process)


def _recovered(name: str) -> None:
    started = _outages.pop(name, None)
    if started is not None:
        logger.info("consumer resumed after %.0f s: its service answers again", time.monotonic() - started,
                       extra={"consumer": name})


class ConsumerFailed(RuntimeError):
    def __init__(self, name: str, error: str, transient: bool = False):
        super().__init__(f"consumer {name} failed: {error}")
        self.consumer_name = name
        self.error = error
        self.transient = transient


def drain(consumers: list[Consumer] | None = None) -> DrainReport:
    """Run every consumer until it is caught up or fails."""
    report = DrainReport()
    for consumer in consumers if consumers is not None else registered_consumers():
        total = 0
        try:
            while taken := process_batch(consumer):
                total += taken
        except ConsumerFailed as failure:
            (report.waiting if failure.transient else report.failed)[consumer.name] = failure.error
        report.processed[consumer.name] = total
    return report


def lag() -> dict[str, int]:
    """Events each registered consumer has not read yet (for the admin and readiness)."""
    positions = dict(ConsumerCursor.objects.values_list("name", "position"))
    return {
        c.name: PublishingEvent.objects.filter(sequence__gt=positions.get(c.name, 0)).count()
        for c in registered_consumers()
    }
