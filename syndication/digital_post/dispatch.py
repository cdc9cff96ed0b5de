"""Sending due Digital Post messages from the outbox (the worker's periodic task).

Like the webhook dispatcher (syndication/webhooks/dispatch.py; settings and backoff of both are in
syndication/retry.py), each round claims a batch of due rows in a short transaction, sends them concurrently
outside any transaction, then records the outcomes. Differences, because one major update can mean many thousands of messages: a batch is claimed
with one UPDATE (a claim token marks the rows) and delivered rows are recorded with one UPDATE. A worker that
dies mid-batch leaves its rows to be claimed again when the lease ends: delivery is at-least-once, and the
backend recognises a resent message by its UUID.
"""

import logging
import math
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from django.db import connection, transaction
from django.db.models import F, Subquery
from django.utils import timezone

from .. import retry
from ..models import DigitalPostMessage
from ..retry import RetryConfig, at_least_one, retry_delay
from . import crypto
from .backends import Outcome, configured_backend

logger = logging.getLogger(__name__)

Status = DigitalPostMessage.Status
# Messages one worker pass sends at most: a big fan-out must not hold up the other consumers for minutes.
PER_PASS = 2_000


@dataclass(frozen=True)
class Config(RetryConfig):
    """DIGITAL_POST_MAX_ATTEMPTS, DIGITAL_POST_RETRY_BASE_SECONDS, ... (syndication/retry.py), and a batch size."""

    retry_base: float = 60.0
    retry_cap: float = 6 * 3600.0
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    batch_size: int = 64
    lease_margin: float = 60.0

    settings_prefix: ClassVar[str] = "DIGITAL_POST_"
    SETTINGS: ClassVar[dict] = {
        **RetryConfig.SETTINGS,
        "batch_size": ("BATCH_SIZE", at_least_one),
        "lease_margin": ("LEASE_MARGIN_SECONDS", float),
    }

    @property
    def lease(self) -> timedelta:
        """How long claimed rows stay invisible to other workers: the batch's worst case, plus a margin."""
        rounds = math.ceil(self.batch_size / self.concurrency)
        return timedelta(seconds=self.lease_margin + rounds * (self.connect_timeout + self.read_timeout))


def _due(now: datetime):
    return DigitalPostMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)


def _claim(now: datetime, limit: int, config: Config, counts: dict[str, int]) -> tuple[list[DigitalPostMessage], int]:
    """Take up to ``limit`` due rows; returns the claimed rows and how many were due (claimed or dead-lettered)."""
    token = uuid.uuid4()
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: skip rows another worker is claiming right now instead of waiting for it.
            ids = list(
                _due(now).order_by("next_attempt_at", "id").select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:limit]
            )
            batch = DigitalPostMessage.objects.filter(pk__in=ids)
        else:
            # SQLite: write first (one statement), so this transaction never upgrades a stale read to a write.
            batch = DigitalPostMessage.objects.filter(
                pk__in=Subquery(_due(now).order_by("next_attempt_at", "id").values("pk")[:limit])
            )
        # The due conditions are repeated in the UPDATEs: a row another worker claimed meanwhile no longer matches.
        batch = batch.filter(status=Status.PENDING, next_attempt_at__lte=now)
        # A worker died during the last allowed attempt of these.
        dead = batch.filter(attempts__gte=config.max_attempts).update(
            status=Status.DEAD, next_attempt_at=None, claim=None
        )
        claimed = batch.filter(attempts__lt=config.max_attempts).update(
            claim=token, attempts=F("attempts") + 1, next_attempt_at=now + config.lease
        )
    if dead:
        counts["dead"] += dead
        logger.warning("digital post messages dead-lettered after an interrupted last attempt", extra={"count": dead})
    rows = list(DigitalPostMessage.objects.filter(claim=token).only("pk", "uuid", "payload", "attempts", "claim"))
    return rows, dead + claimed


def _send(backend, message: DigitalPostMessage) -> Outcome:
    try:
        document = crypto.decrypt(message.payload)
    except crypto.InvalidToken:
        return Outcome(error="Beskeden kan ikke dekrypteres med de konfigurerede nøgler.", permanent=True)
    return backend.send(str(message.uuid), document)


def _flushed(backend, outcomes: list[Outcome]) -> list[Outcome]:
    """Outcomes after making the batch durable; if that fails, nothing in it counts as delivered."""
    if not any(outcome.ok for outcome in outcomes):
        return outcomes
    try:
        backend.flush()
    except OSError as exc:
        error = Outcome(error=f"flush: {type(exc).__name__}: {exc}")
        return [outcome if not outcome.ok else error for outcome in outcomes]
    return outcomes


def _record(batch: list[DigitalPostMessage], outcomes: list[Outcome], now: datetime, config: Config) -> dict[str, int]:
    counts = {"delivered": 0, "duplicate": 0, "retry": 0, "dead": 0}
    delivered_by_status: dict[int | None, list[int]] = {}
    with transaction.atomic():
        for message, outcome in zip(batch, outcomes):
            if outcome.ok:
                delivered_by_status.setdefault(outcome.status_code, []).append(message.pk)
                counts["duplicate" if outcome.duplicate else "delivered"] += 1
                continue
            # Only the holder of the current claim may schedule the next try.
            row = DigitalPostMessage.objects.filter(pk=message.pk, status=Status.PENDING, claim=message.claim)
            failure = {"last_status_code": outcome.status_code, "last_error": outcome.error, "claim": None}
            if outcome.permanent or message.attempts >= config.max_attempts:
                row.update(status=Status.DEAD, next_attempt_at=None, **failure)
                counts["dead"] += 1
                logger.warning(
                    "digital post message dead-lettered",
                    extra={
                        "digital_post_message": message.pk, "attempts": message.attempts,
                        "status_code": outcome.status_code,
                    },
                )
                continue
            row.update(next_attempt_at=now + retry_delay(message.attempts, config), **failure)
            counts["retry"] += 1
        for status_code, pks in delivered_by_status.items():
            # Delivered is final and true even if another worker re-claimed the row meanwhile.
            DigitalPostMessage.objects.filter(pk__in=pks).update(
                status=Status.DELIVERED, delivered_at=now, next_attempt_at=None, claim=None,
                last_status_code=status_code, last_error="",
            )
    return counts


def deliver_due(now: datetime | None = None, limit: int = 10_000, backend=None) -> dict[str, int]:
    """Send up to ``limit`` due messages; counts by outcome ("delivered", "duplicate", "retry", "dead").

    ``duplicate`` are messages the backend already had (a resend after a crash): delivered, not new.
    ``now`` fixes the scheduler's clock (tests); by default the real time is used.
    """
    backend = backend or configured_backend()
    counts = {"delivered": 0, "duplicate": 0, "retry": 0, "dead": 0}
    if backend is None:
        return counts
    if swept := backend.sweep():
        logger.warning("digital post: removed temp files a stopped worker left behind", extra={"files": swept})
    config = Config.from_settings()
    remaining = limit
    with ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="digital-post") as pool:
        while remaining > 0:
            clock = now or timezone.now()
            batch, due = _claim(clock, min(remaining, config.batch_size), config, counts)
            if not due:
                break
            remaining -= due
            outcomes = _flushed(backend, list(pool.map(lambda message: _send(backend, message), batch)))
            for name, count in _record(batch, outcomes, now or timezone.now(), config).items():
                counts[name] += count
    return counts


def retry_now(message: DigitalPostMessage) -> None:
    """Give a dead (or waiting) message a fresh series of attempts, starting now (no dispatcher holds it)."""
    retry.retry_now(message, claim=None)


def deliver_due_summary() -> str:
    """The worker's periodic task: send what is due, say what happened (empty when nothing was due)."""
    sent = deliver_due(limit=PER_PASS)
    if not any(sent.values()):
        return ""
    return (
        f"digital post: {sent['delivered']} delivered, {sent['duplicate']} already received, "
        f"{sent['retry']} to retry, {sent['dead']} dead"
    )
