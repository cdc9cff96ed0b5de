"""Daily and weekly digests: one MeMo message per subscriber and period listing every change they follow.

The worker's periodic task ``build_due_digests`` (before the dispatcher sends) takes, for each frequency, the
digest items queued before the current period began (local midnight; Monday midnight for weekly ones), groups
them by recipient and writes one outbox message per recipient in a transaction that also marks the items.

Nothing twice: the message UUID is determined by (recipient, frequency, period) and the letter by the items and
the period's start (its ``createdDateTime``). A worker that dies before the commit leaves the items unmarked; the
next run builds the same message, byte for byte. Two workers building at once make the same row, and the outbox's
unique UUID keeps one. Items queued after the period began wait for the next one, so a late item cannot change
a digest that may already exist. Sending is the dispatcher's (dispatch.py), with its own guarantees.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from ..models import DigestItem, DigitalPostMessage, Frequency
from . import crypto, memo, notices, selectors

logger = logging.getLogger(__name__)
_DIGEST_NAMESPACE = uuid.UUID("0d4b1a9e-6c2f-5e8a-9b3d-7f1e2a4c6b80")  # fixed: changing it re-keys every digest
PER_PASS = 500  # recipients one pass builds at most


def period_start(now: datetime.datetime, frequency: str) -> datetime.datetime:
    """The start of the current period in local time: today's midnight, or this week's Monday midnight."""
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Frequency.WEEKLY:
        start -= datetime.timedelta(days=local.weekday())
    return start


def _period_name(start: datetime.datetime, frequency: str) -> str:
    """The period a digest covers (the one that ended at ``start``), in Danish."""
    if frequency == Frequency.WEEKLY:
        monday = (start - datetime.timedelta(days=7)).date()
        year, week, _ = monday.isocalendar()
        return f"uge {week}, {year}"
    return date_format((start - datetime.timedelta(days=1)).date(), "j. F Y")


def digest_uuid(recipient_hash: str, frequency: str, start: datetime.datetime) -> uuid.UUID:
    """Stable per (recipient, frequency, period); version bits 4 for MeMo's memoUuidType."""
    name = f"{recipient_hash}:{frequency}:{start.date().isoformat()}"
    return uuid.UUID(bytes=uuid.uuid5(_DIGEST_NAMESPACE, name).bytes, version=4)


def _build_one(recipient_hash: str, frequency: str, start: datetime.datetime) -> bool:
    with transaction.atomic():
        items = list(
            DigestItem.objects.select_for_update().filter(
                recipient_hash=recipient_hash, frequency=frequency, digest_uuid__isnull=True, created_at__lt=start,
            ).order_by("event_id")
        )
        if not items:
            return False  # another worker built it meanwhile
        message_id = digest_uuid(recipient_hash, frequency, start)
        letter = notices.Digest(
            lines=tuple(notices.DigestLine(i.change, i.title, i.url, i.reason) for i in items),
            period=_period_name(start, frequency), url=selectors.subscriptions_page_url(),
            sender_cvr=settings.DIGITAL_POST_SENDER_CVR, sender_name=settings.DIGITAL_POST_SENDER_NAME,
            created_at=start,
        )
        fernet = crypto.fernet()
        last = items[-1]
        number = fernet.decrypt(last.recipient_encrypted.encode("ascii")).decode("ascii")
        document = memo.build(letter, message_id, number, last.recipient_kind.upper(), "")
        DigitalPostMessage.objects.bulk_create([DigitalPostMessage(
            uuid=message_id, event_id=last.event_id, subscription=None, recipient_kind=last.recipient_kind,
            recipient_hash=recipient_hash, content_kind=f"digest-{frequency}",
            content_identifier=start.date().isoformat(), title=letter.label[:255],
            payload=fernet.encrypt(document).decode("ascii"), next_attempt_at=timezone.now(),
        )], ignore_conflicts=True)
        DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(digest_uuid=message_id)
    return True


def build_due_digests(now: datetime.datetime | None = None, limit: int = PER_PASS) -> int:
    """Build every digest whose period has ended (up to ``limit`` recipients); returns how many were built."""
    now = now or timezone.now()
    built = 0
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        start = period_start(now, frequency)
        due = DigestItem.objects.filter(frequency=frequency, digest_uuid__isnull=True, created_at__lt=start)
        for recipient_hash in due.values_list("recipient_hash", flat=True).distinct()[: limit - built]:
            built += _build_one(recipient_hash, frequency, start)
    return built


def build_due_digests_summary() -> str:
    built = build_due_digests()
    if built:
        logger.info("digital post digests built", extra={"digests": built})
    return f"digital post: {built} digests built" if built else ""
