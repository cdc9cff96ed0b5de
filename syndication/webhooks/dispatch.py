"""Sending due webhook deliveries from the outbox.

Each round claims a few due rows (a short transaction that bumps ``attempts``
and pushes ``next_attempt_at`` out by a lease, so parallel workers skip them),
POSTs them concurrently outside any transaction, then records every outcome.
A worker that dies mid-request leaves the row to be retried when the lease
ends: delivery is at-least-once, and the idempotency key stays the same.
"""

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import ClassVar

import requests
from django.db import connection, transaction
from django.utils import timezone

from cms import outbound

from .. import retry
from ..models import WebhookAttempt, WebhookDelivery
from ..retry import RetryConfig, retry_delay
from . import signing

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
USER_AGENT = "Borgerportalen-Webhooks/1"
ERROR_LIMIT = 500  # characters of error text kept per attempt (a status line or a connection error)


@dataclass(frozen=True)
class Config(RetryConfig):
    """WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_BASE_SECONDS, ... (syndication/retry.py); the defaults are RetryConfig's."""

    settings_prefix: ClassVar[str] = "WEBHOOK_"

    @property
    def lease(self) -> timedelta:
        """How long a claimed row stays invisible to other workers: well past one request's time-outs."""
        return timedelta(seconds=self.connect_timeout + self.read_timeout + 60)


@dataclass(frozen=True)
class Outgoing:
    """Everything a request needs, built on the calling thread (sender threads never touch the DB)."""

    url: str
    secrets: tuple[str, ...]  # the current secret, and a rotated one while it overlaps
    body: bytes
    event: str
    key: str


@dataclass(frozen=True)
class Outcome:
    started_at: datetime
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def encode_body(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def headers_for(outgoing: Outgoing, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Portal-Event": outgoing.event,
        "X-Portal-Delivery": outgoing.key,
        "X-Portal-Timestamp": str(timestamp),
        "X-Portal-Signature": signing.signature_header(outgoing.secrets, timestamp, outgoing.body),
    }


def status_line(status_code: int) -> str:
    """What a failed attempt keeps of the answer: the status and its standard phrase, never the receiver's body
    (which may echo anything, and is the receiver's to log)."""
    try:
        return f"HTTP {status_code} {HTTPStatus(status_code).phrase}"
    except ValueError:
        return f"HTTP {status_code}"


def send(outgoing: Outgoing, config: Config) -> Outcome:
    """POST one delivery; never raises for network trouble (that is a failed attempt)."""
    started_at = timezone.now()
    started = time.monotonic()
    status_code, error = None, ""
    try:
        # The signature uses the wall clock even when the scheduler's clock is simulated.
        headers = headers_for(outgoing, int(time.time()))
        # Every connection resolves the host and checks the address it connects to (cms/outbound.py): an endpoint
        # whose name now points into the portal's network (DNS rebinding) is refused, not called.
        with outbound.safe_session() as session, session.post(
            outgoing.url,
            data=outgoing.body,
            headers=headers,
            timeout=(config.connect_timeout, config.read_timeout),
            allow_redirects=False,
            stream=True,  # the body is never read
        ) as response:
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = status_line(status_code)
    except outbound.UnsafeURL as unsafe:
        error = f"refused: {unsafe}"[:ERROR_LIMIT]
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
    return Outcome(started_at, status_code, error, int((time.monotonic() - started) * 1000))


def _due(now: datetime, limit: int) -> list[WebhookDelivery]:
    queryset = (
        WebhookDelivery.objects.filter(
            status=Status.PENDING,
            next_attempt_at__lte=now,
            endpoint__is_active=True,
            endpoint__partner__is_active=True,
        )
        .select_related("endpoint")
        .order_by("next_attempt_at", "id")
    )
    features = connection.features
    if features.has_select_for_update_skip_locked and features.has_select_for_update_of:
        queryset = queryset.select_for_update(skip_locked=True, of=("self",))
    return list(queryset[:limit])


def _claim(now: datetime, limit: int, config: Config, counts: dict[str, int]) -> tuple[list[WebhookDelivery], int]:
    """Take up to ``limit`` due rows; returns the claimed rows and how many were due.

    A compare-and-set on ``attempts`` makes each claim exclusive on any database.
    """
    claimed = []
    with transaction.atomic():
        due = _due(now, limit)
        for delivery in due:
            unclaimed = WebhookDelivery.objects.filter(pk=delivery.pk, status=Status.PENDING, attempts=delivery.attempts)
            if delivery.attempts >= config.max_attempts:
                # A worker died during the last allowed attempt.
                if unclaimed.update(status=Status.DEAD, next_attempt_at=None):
                    counts["dead"] += 1
                    logger.warning("webhook delivery dead-lettered", extra={"delivery": delivery.pk})
                continue
            if unclaimed.update(attempts=delivery.attempts + 1, next_attempt_at=now + config.lease):
                delivery.attempts += 1
                claimed.append(delivery)
    return claimed, len(due)


def _outgoing(delivery: WebhookDelivery) -> Outgoing:
    payload = delivery.payload
    return Outgoing(
        url=delivery.endpoint.url,
        secrets=tuple(delivery.endpoint.signing_secrets()),
        body=encode_body(payload),
        event=f"{payload['kind']}.{payload['action']}",
        key=str(delivery.idempotency_key),
    )


def _record(delivery: WebhookDelivery, outcome: Outcome, now: datetime | None, config: Config) -> str:
    attempted_at = now or outcome.started_at
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=attempted_at,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
        row = WebhookDelivery.objects.filter(pk=delivery.pk)
        if outcome.ok:
            # Delivered is final and true even if another worker re-claimed the row meanwhile.
            row.update(
                status=Status.DELIVERED, delivered_at=attempted_at, next_attempt_at=None,
                last_status_code=outcome.status_code, last_error="",
            )
            return "delivered"
        # Only the holder of the current claim may schedule the next try.
        row = row.filter(status=Status.PENDING, attempts=delivery.attempts)
        failure = {"last_status_code": outcome.status_code, "last_error": outcome.error}
        if delivery.attempts >= config.max_attempts:
            row.update(status=Status.DEAD, next_attempt_at=None, **failure)
            logger.warning(
                "webhook delivery dead-lettered",
                extra={"delivery": delivery.pk, "endpoint": delivery.endpoint_id, "attempts": delivery.attempts},
            )
            return "dead"
        row.update(next_attempt_at=(now or timezone.now()) + retry_delay(delivery.attempts, config), **failure)
        logger.info(
            "webhook attempt failed; will retry",
            extra={"delivery": delivery.pk, "endpoint": delivery.endpoint_id, "attempts": delivery.attempts,
                   "status_code": outcome.status_code},
        )
        return "retry"


def deliver_due(now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Send up to ``limit`` due deliveries; returns counts by outcome ("delivered", "retry", "dead").

    ``now`` fixes the scheduler's clock (tests, replays); by default the real time is used.
    """
    config = Config.from_settings()
    counts = {"delivered": 0, "retry": 0, "dead": 0}
    remaining = limit
    with ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="webhook") as pool:
        while remaining > 0:
            batch, due = _claim(now or timezone.now(), min(remaining, config.concurrency), config, counts)
            if not due:
                break
            remaining -= due
            outcomes = pool.map(lambda outgoing: send(outgoing, config), [_outgoing(d) for d in batch])
            for delivery, outcome in zip(batch, outcomes):
                counts[_record(delivery, outcome, now, config)] += 1
    return counts


def retry_now(delivery: WebhookDelivery) -> None:
    """Give a dead (or waiting) delivery a fresh series of attempts, starting now."""
    retry.retry_now(delivery)


def deliver_due_summary() -> str:
    """The worker's periodic task: send what is due, say what happened (empty when nothing was due)."""
    sent = deliver_due()
    if not any(sent.values()):
        return ""
    return f"webhooks: {sent['delivered']} delivered, {sent['retry']} to retry, {sent['dead']} dead"
