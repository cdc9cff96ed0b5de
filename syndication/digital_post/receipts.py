"""Digital Post's asynchronous receipts (the worker's periodic task): a message NgDP took over (RECEIVED) may
still be refused later (INVALID, NOT_ALLOWED: e.g. a recipient it cannot deliver to). Such a message becomes a
dead letter in the outbox with the receipt's code as its error, so the admin's outbox shows it; COMPLETED
confirms the delivery. Each receipt is deleted at NgDP once it is recorded, so it is read once.
"""

import logging
import uuid

import requests
from django.conf import settings
from django.db import transaction

from cms.logging import redact

from ..models import DigitalPostMessage
from .backends import ERROR_LIMIT, configured_backend

logger = logging.getLogger(__name__)
Status = DigitalPostMessage.Status
PAGE = 100


def _record(receipt) -> str:
    """Apply one receipt to its message; returns "refused", "completed" or "unknown"."""
    try:
        message_uuid = uuid.UUID(receipt.message_uuid)
    except ValueError:
        return "unknown"
    messages = DigitalPostMessage.objects.filter(uuid=message_uuid)
    if not messages.exists():
        return "unknown"
    if not receipt.refused:
        return "completed"
    messages.update(status=Status.DEAD, next_attempt_at=None, claim=None, last_error=redact(receipt.describe())[:ERROR_LIMIT])
    logger.warning("digital post message refused by a receipt",
                   extra={"receipt_status": receipt.status, "receipt_code": receipt.error_code[:64]})
    return "refused"


def collect_receipts(backend=None, limit: int | None = None) -> dict[str, int]:
    """Read and apply up to ``limit`` waiting receipts (none for the file backend)."""
    backend = backend or configured_backend()
    counts = {"completed": 0, "refused": 0, "unknown": 0}
    if backend is None or not hasattr(backend, "fetch_receipts"):
        return counts
    remaining = settings.DIGITAL_POST_RECEIPTS_PER_PASS if limit is None else limit
    try:
        while remaining > 0:
            batch = backend.fetch_receipts(size=min(PAGE, remaining))
            if not batch:
                break
            for receipt in batch:
                with transaction.atomic():
                    counts[_record(receipt)] += 1
                if receipt.id:
                    backend.acknowledge_receipt(receipt.id)  # after the record is committed: read at least once
            remaining -= len(batch)
    except (requests.RequestException, ValueError) as exc:
        logger.warning("digital post receipts could not be read", extra={"reason": redact(str(exc))[:200]})
    return counts


def collect_receipts_summary() -> str:
    counts = collect_receipts()
    if not any(counts.values()):
        return ""
    return (f"digital post receipts: {counts['completed']} completed, {counts['refused']} refused, "
            f"{counts['unknown']} for unknown messages")
