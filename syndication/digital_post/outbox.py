"""The "digital-post" event-log consumer: turns major updates into outbox messages, never sends.

It runs inside the worker's transaction, so the messages and the consumer's cursor commit together;
re-reading events after a crash derives the same message UUIDs and inserts nothing twice.
"""

import logging
from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.utils import timezone

from content_models.kinds import registry
from content_models.models import PublishingEvent

from ..models import DigitalPostMessage
from . import crypto, memo, selectors

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


def notice_for(item: selectors.Item, event: PublishingEvent) -> memo.Notice:
    return memo.Notice(
        title=item.title,
        kind_label=item.kind_label,
        url=item.url,
        sender_cvr=settings.DIGITAL_POST_SENDER_CVR,
        sender_name=settings.DIGITAL_POST_SENDER_NAME,
        created_at=event.at,  # not now(): a rebuilt message is byte for byte the same
    )


def messages_for(event: PublishingEvent) -> Iterator[DigitalPostMessage]:
    item = selectors.item_for(event)
    if item is None:
        return
    notice = notice_for(item, event)
    now = timezone.now()
    fernet = crypto.fernet()
    for recipient in selectors.recipients_for(item):
        message_id = memo.message_uuid(recipient.subscription_id, event.sequence)
        number = fernet.decrypt(recipient.encrypted.encode("ascii")).decode("ascii")
        document = memo.build(notice, message_id, number, recipient.kind.upper(), recipient.reason)
        yield DigitalPostMessage(
            uuid=message_id,
            event=event,
            subscription_id=recipient.subscription_id,
            recipient_kind=recipient.kind,
            recipient_hash=recipient.hash,
            content_kind=item.kind,
            content_identifier=item.identifier[:255],
            title=notice.label[:255],
            payload=fernet.encrypt(document).decode("ascii"),
            next_attempt_at=now,
        )


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
        if not is_notifiable(event):
            continue
        queued = 0
        # Chunks bound the memory of a large fan-out. The unique UUID and (event, recipient) make a re-run
        # insert nothing (one query per chunk, no get_or_create).
        for chunk in _chunks(messages_for(event), INSERT_BATCH):
            DigitalPostMessage.objects.bulk_create(chunk, ignore_conflicts=True)
            queued += len(chunk)
        logger.info(
            "digital post messages queued",
            extra={"sequence": event.sequence, "kind": event.kind, "identifier": event.identifier, "messages": queued},
        )


def register() -> None:
    from content_models.worker.registry import register_consumer

    register_consumer(CONSUMER_NAME, handle, batch_size=BATCH_SIZE)
