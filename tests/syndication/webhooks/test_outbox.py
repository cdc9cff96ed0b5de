"""The "webhooks" consumer only fills the outbox: filtered by subscription, idempotent under re-reads."""

import uuid

import pytest

from content_models import publishing
from content_models.worker.registry import Consumer, registered_consumers
from content_models.worker.drain import drain
from content_models.models import ConsumerCursor, PublishingEvent
from syndication.models import Partner, WebhookDelivery, WebhookEndpoint
from syndication.webhooks import outbox
from tests import factories

pytestmark = pytest.mark.django_db


def _endpoint(partner, path="/hook", **fields):
    return WebhookEndpoint.objects.create(partner=partner, url=f"https://hooks.example.invalid{path}", **fields)


def _deliveries(endpoint):
    return sorted(
        (d.payload["kind"], d.payload["slug"], d.payload["action"]) for d in WebhookDelivery.objects.filter(endpoint=endpoint)
    )


def test_the_consumer_is_registered_under_a_stable_name():
    assert outbox.CONSUMER_NAME == "webhooks"
    assert "webhooks" in {consumer.name for consumer in registered_consumers()}


def test_subscriptions_filter_by_kind_and_action(partner):
    everything = _endpoint(partner, "/all")
    guides = _endpoint(partner, "/guides", kinds=["guide"])
    removals = _endpoint(partner, "/removals", actions=["UNPUBLISHED", "DELETED"])
    standard_removals = _endpoint(partner, "/std", kinds=["standard"], actions=["DELETED"])

    guide = factories.make_guide(slug="flytning")
    standard = factories.make_standard(identifier="OIOUBL-2.1")
    publishing.unpublish(guide)
    publishing.delete(standard)
    drain()  # queue deliveries; the tests send them with deliver_due

    assert _deliveries(everything) == [
        ("guide", "flytning", "PUBLISHED"),
        ("guide", "flytning", "UNPUBLISHED"),
        ("standard", "OIOUBL-2.1", "DELETED"),
        ("standard", "OIOUBL-2.1", "PUBLISHED"),
        ("standard", "OIOUBL-2.1", "UNPUBLISHED"),  # deleting a live item: UNPUBLISHED, then DELETED
    ]
    assert _deliveries(guides) == [("guide", "flytning", "PUBLISHED"), ("guide", "flytning", "UNPUBLISHED")]
    assert _deliveries(removals) == [
        ("guide", "flytning", "UNPUBLISHED"), ("standard", "OIOUBL-2.1", "DELETED"),
        ("standard", "OIOUBL-2.1", "UNPUBLISHED"),
    ]
    assert _deliveries(standard_removals) == [("standard", "OIOUBL-2.1", "DELETED")]


def test_the_payload_describes_the_event_and_the_key_is_derived_from_endpoint_and_sequence(partner):
    endpoint = _endpoint(partner)
    factories.make_guide(slug="flytning")
    drain()  # queue deliveries; the tests send them with deliver_due

    delivery = WebhookDelivery.objects.get()
    event = PublishingEvent.objects.get(kind="guide", identifier="flytning")
    assert delivery.event == event and delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.idempotency_key == outbox.idempotency_key(endpoint.pk, event.sequence)
    assert delivery.idempotency_key.version == 5
    assert delivery.payload == {
        "id": str(delivery.idempotency_key),
        "sequence": event.sequence,
        "kind": "guide",
        "slug": "flytning",
        "locale": "da",
        "action": "PUBLISHED",
        "at": event.at.isoformat(),
        "partner": "aarhus",
    }
    assert outbox.idempotency_key(endpoint.pk, event.sequence + 1) != delivery.idempotency_key
    assert outbox.idempotency_key(endpoint.pk, event.sequence) == uuid.UUID(delivery.payload["id"])


def test_inactive_endpoints_and_partners_get_nothing(partner):
    _endpoint(partner, "/off", is_active=False)
    inactive_partner = Partner.objects.create(name="Tidligere partner", slug="tidligere", is_active=False)
    _endpoint(inactive_partner, "/partner-off")
    active = _endpoint(partner, "/on")

    factories.make_guide(slug="flytning")
    drain()  # queue deliveries; the tests send them with deliver_due

    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [active.pk]


def test_re_reading_events_after_a_crash_creates_no_duplicate_deliveries(partner):
    _endpoint(partner, "/a")
    _endpoint(partner, "/b", kinds=["guide"])
    for slug in ("a", "b", "c"):
        factories.make_guide(slug=slug, title=slug.upper())
    drain()  # queue deliveries; the tests send them with deliver_due
    first = set(WebhookDelivery.objects.values_list("idempotency_key", flat=True))
    assert len(first) == 6

    # As if the worker died after the outbox rows committed but before the cursor moved.
    ConsumerCursor.objects.filter(name="webhooks").update(position=0)
    drain()  # queue deliveries; the tests send them with deliver_due
    outbox.handle(list(PublishingEvent.objects.all()))  # and once more, directly

    assert set(WebhookDelivery.objects.values_list("idempotency_key", flat=True)) == first
    assert WebhookDelivery.objects.count() == 6


def test_a_failing_batch_leaves_no_outbox_rows_and_is_redone(partner):
    _endpoint(partner)
    factories.make_guide(slug="a", title="A")
    factories.make_guide(slug="b", title="B")

    original = outbox.handle

    def crash_after_inserting(events):
        original(events)
        raise RuntimeError("worker died")

    assert "webhooks" in drain([Consumer("webhooks", crash_after_inserting)]).failed
    assert not WebhookDelivery.objects.exists()  # rolled back with the batch
    assert drain([c for c in registered_consumers() if c.name == "webhooks"]).ok
    assert WebhookDelivery.objects.count() == 2
