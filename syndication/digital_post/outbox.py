"""The "digital-post" event-log consumer: turns major updates and withdrawals (a followed guide or standard
unpublished or deleted) into outbox messages for immediate subscribers and digest items for daily and weekly
ones (digests.py builds those into one message per period); never sends.

It runs inside the worker's transaction, so the messages and the consumer's cursor commit together;
re-reading events after a crash derives the same message UUIDs and inserts nothing twice.
"""

import logging
from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.utils import timezone

from content_models.kinds import registry
from content_models.models import PublishingEvent

from ..models import DigestItem, DigitalPostMessage, Frequency, PendingWithdrawal, Subscription
from . import crypto, memo, notices, selectors, withdrawals

logger = logging.getLogger(__name__)

CONSUMER_NAME = "digital-post"
# Events per batch: one event may fan out to many thousands of messages.
BATCH_SIZE = 10
INSERT_BATCH = 1000


def is_notifiable(event: PublishingEvent) -> bool:
    return (
        event.action == PublishingEvent.Action.PUBLISHED
        and event.kind in registry.codes(notifiable=True)
        and event.details.get("major") is True
    )


def is_withdrawal(event: PublishingEvent) -> bool:
    """A followed guide or standard unpublished or deleted (a renamed item's old name is neither)."""
    return (
        event.action in (PublishingEvent.Action.UNPUBLISHED, PublishingEvent.Action.DELETED)
        and event.kind in registry.codes(notifiable=True)
        and not event.details.get("renamed_to")
    )


def notice_for(item: selectors.Item, event: PublishingEvent) -> memo.Notice:
    return memo.Notice(
        title=item.title,
        kind_label=item.kind_label,
        url=item.url,
        sender_cvr=settings.DIGITAL_POST_SENDER_CVR,
        sender_name=settings.DIGITAL_POST_SENDER_NAME,
        created_at=event.at,  # not now(): a rebuilt message is byte for byte the same
    )


def _message(letter, recipient, event, fernet, now, content_kind: str, identifier: str, subscription_id):
    message_id = memo.message_uuid(recipient.subscription_id, event.sequence)
    number = fernet.decrypt(recipient.encrypted.encode("ascii")).decode("ascii")
    document = memo.build(letter, message_id, number, recipient.kind.upper(), recipient.reason)
    return DigitalPostMessage(
        uuid=message_id,
        event=event,
        subscription_id=subscription_id,
        recipient_kind=recipient.kind,
        recipient_hash=recipient.hash,
        content_kind=content_kind,
        content_identifier=identifier[:255],
        title=letter.label[:255],
        payload=fernet.encrypt(document).decode("ascii"),
        next_attempt_at=now,
    )


def _digest_item(recipient, event, change: str, kind: str, pk, title: str, url: str, subscription_id) -> DigestItem:
    return DigestItem(
        event=event,
        subscription_id=subscription_id,
        frequency=recipient.frequency, recipient_kind=recipient.kind, recipient_hash=recipient.hash,
        recipient_encrypted=recipient.encrypted, change=change, content_kind=kind, content_id=str(pk),
        title=title[:255], url=url[:500], reason=recipient.reason[:300],
    )


def _route(recipients, letter_for, event, change: str, kind: str, pk, title: str, url: str, identifier: str):
    """One message for each immediate subscriber; one digest item for each daily or weekly one."""
    recipients = list(recipients)
    # A deleted item's subscriptions are gone already: rows must not point at them.
    live = set(Subscription.objects.filter(pk__in=[r.subscription_id for r in recipients]).values_list("pk", flat=True))
    now = timezone.now()
    fernet = crypto.fernet()
    letter = None
    for recipient in recipients:
        subscription_id = recipient.subscription_id if recipient.subscription_id in live else None
        if recipient.frequency == Frequency.IMMEDIATE:
            letter = letter or letter_for()
            yield _message(letter, recipient, event, fernet, now, kind, identifier, subscription_id)
        else:
            yield _digest_item(recipient, event, change, kind, pk, title, url, subscription_id)


def messages_for(event: PublishingEvent) -> Iterator[DigitalPostMessage | DigestItem]:
    """The outbox rows (and digest items) an event makes; the same ones however often it is re-read."""
    if is_notifiable(event):
        item = selectors.item_for(event)
        if item is None:
            return
        yield from _route(selectors.recipients_for(item), lambda: notice_for(item, event), event,
                          DigestItem.Change.CHANGED, item.kind, item.pk, item.title, item.url, item.identifier)
    elif is_withdrawal(event):
        yield from _withdrawal_rows(event)


def _withdrawal_rows(event: PublishingEvent):
    deleted = event.action == PublishingEvent.Action.DELETED
    if deleted:
        # The subscriptions went with the item; their snapshot was taken just before (withdrawals.py).
        pending = PendingWithdrawal.objects.filter(content_kind=event.kind, content_id=event.object_id)
        rows = list(pending.order_by("subscription_id"))
        if not rows:
            return
        title = rows[0].title
        recipients = selectors._deduplicated(
            ((r.subscription_id, r.subscriber_kind, r.subscriber_hash, r.subscriber_encrypted, r.frequency),
             selectors.direct_reason(event.kind, r.title)) for r in rows
        )
    else:
        model = registry.get(event.kind).model
        target = model.objects.filter(pk=event.object_id).first()
        if target is None or target.live:
            return  # deleted since (its deletion event tells them) or published again
        title = target.title
        recipients = selectors.direct_recipients(event.kind, target.pk, title)

    def letter():
        return notices.Withdrawal(
            title=title, kind_label=registry.get(event.kind).definite, deleted=deleted,
            url=selectors.subscriptions_page_url(), sender_cvr=settings.DIGITAL_POST_SENDER_CVR,
            sender_name=settings.DIGITAL_POST_SENDER_NAME, created_at=event.at,
        )

    yield from _route(recipients, letter, event, DigestItem.Change.WITHDRAWN, event.kind, event.object_id, title,
                      "", event.identifier)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def handle(events: Sequence[PublishingEvent]) -> None:
    for event in events:
        if not (is_notifiable(event) or is_withdrawal(event)):
            continue
        queued = digested = 0
        # Chunks bound the memory of a large fan-out. The unique UUID and (event, recipient) make a re-run
        # insert nothing (one query per chunk, no get_or_create).
        for chunk in _chunks(messages_for(event), INSERT_BATCH):
            messages = [row for row in chunk if isinstance(row, DigitalPostMessage)]
            items = [row for row in chunk if isinstance(row, DigestItem)]
            DigitalPostMessage.objects.bulk_create(messages, ignore_conflicts=True)
            DigestItem.objects.bulk_create(items, ignore_conflicts=True)
            queued, digested = queued + len(messages), digested + len(items)
        if is_withdrawal(event):
            withdrawals.after_notice(event)
        logger.info(
            "digital post messages queued",
            extra={"sequence": event.sequence, "kind": event.kind, "identifier": event.identifier,
                   "action": event.action, "messages": queued, "digest_items": digested},
        )


def register() -> None:
    from content_models.worker.registry import register_consumer

    register_consumer(CONSUMER_NAME, handle, batch_size=BATCH_SIZE)
    withdrawals.connect()
