"""The "webhooks" event-log consumer: turns events into outbox rows, never sends.

It runs inside the worker's transaction, so the deliveries and the consumer's
cursor commit together; re-reading events after a crash finds the same
idempotency keys and inserts nothing twice.
"""

import uuid
from collections.abc import Sequence

from django.utils import timezone

from content_models.models import PublishingEvent

from ..models import WebhookDelivery, WebhookEndpoint
from .filters import filters_for

CONSUMER_NAME = "webhooks"
# Fixed namespace for idempotency keys; changing it would re-key every future delivery.
_KEY_NAMESPACE = uuid.UUID("0c6f1f4e-57a8-5b7e-9d3c-6b1f0e2a9d41")


def idempotency_key(endpoint_id: int, sequence: int) -> uuid.UUID:
    return uuid.uuid5(_KEY_NAMESPACE, f"{endpoint_id}:{sequence}")


def payload_for(event: PublishingEvent, endpoint: WebhookEndpoint, key: uuid.UUID) -> dict:
    return {
        "id": str(key),
        "sequence": event.sequence,
        "kind": event.kind,
        "slug": event.identifier,
        "locale": event.locale,
        "action": event.action,
        "at": event.at.isoformat(),
        "partner": endpoint.partner.slug,
    }


def subscribed_endpoints() -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(is_active=True, partner__is_active=True).select_related("partner"))


def handle(events: Sequence[PublishingEvent]) -> None:
    endpoints = subscribed_endpoints()
    filters = filters_for(endpoints)
    now = timezone.now()
    rows = []
    for event in events:
        for endpoint in endpoints:
            if filters[endpoint.pk].matches(event):
                key = idempotency_key(endpoint.pk, event.sequence)
                rows.append(
                    WebhookDelivery(
                        endpoint=endpoint,
                        event=event,
                        idempotency_key=key,
                        payload=payload_for(event, endpoint, key),
                        next_attempt_at=now,
                    )
                )
    # The unique idempotency key makes a re-run a no-op (same as get_or_create, one query).
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def register() -> None:
    from content_models.worker.registry import register_consumer

    register_consumer(CONSUMER_NAME, handle, batch_size=100)
