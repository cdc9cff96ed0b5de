"""Deliveries against a real HTTP receiver on 127.0.0.1: signed, retried with backoff, dead-lettered, at-least-once."""

import json
import logging
from collections import Counter
from datetime import timedelta

import pytest

from content_models.worker.drain import drain
from django.core.management import call_command
from django.utils import timezone

from syndication import retry
from syndication.models import WebhookAttempt, WebhookDelivery
from syndication.webhooks import dispatch, signing
from tests import factories

from .conftest import DROP, ERROR, OK, REDIRECT, SLOW

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def _publish_and_queue(*slugs):
    for slug in slugs:
        factories.make_guide(slug=slug, title=slug.title())
    drain()  # queue deliveries; the tests send them with deliver_due


def test_a_delivery_is_json_with_documented_headers_and_a_valid_signature(make_endpoint, receiver):
    make_endpoint()
    _publish_and_queue("flytning")

    assert dispatch.deliver_due() == {"delivered": 1, "retry": 0, "dead": 0}

    [request] = receiver.received
    delivery = WebhookDelivery.objects.get()
    assert request.path == "/hook" and request.signature_ok
    assert request.json == delivery.payload
    assert request.json["slug"] == "flytning" and request.json["partner"] == "aarhus"
    headers = request.headers
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "Borgerportalen-Webhooks/1"
    assert headers["X-Portal-Event"] == "guide.PUBLISHED"
    assert headers["X-Portal-Delivery"] == str(delivery.idempotency_key) == request.json["id"]
    assert abs(int(headers["X-Portal-Timestamp"]) - timezone.now().timestamp()) < 60
    assert headers["X-Portal-Signature"] == "v1=" + signing.sign(
        delivery.endpoint.secret, headers["X-Portal-Timestamp"], request.body
    )

    assert delivery.status == Status.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.delivered_at and delivery.next_attempt_at is None
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code == 200 and attempt.error == ""


def test_a_tampered_body_or_replayed_timestamp_fails_verification(make_endpoint, receiver):
    endpoint = make_endpoint()
    _publish_and_queue("flytning")
    dispatch.deliver_due()
    [request] = receiver.received
    timestamp, signature = request.headers["X-Portal-Timestamp"], request.headers["X-Portal-Signature"]

    assert signing.verify(endpoint.secret, timestamp, request.body, signature)
    tampered = json.dumps({**request.json, "slug": "noget-andet"}).encode()
    assert not signing.verify(endpoint.secret, timestamp, tampered, signature)
    assert not signing.verify(endpoint.secret, timestamp, request.body, signature, now=int(timestamp) + 301)


def test_every_event_arrives_at_least_once_through_errors_timeouts_and_hang_ups(make_endpoint, receiver):
    """Publish, run the worker and the dispatcher until everything is delivered, with time moving on."""

    def unreliable(n):
        if n % 7 == 0:
            return DROP
        if n % 5 == 0:
            return SLOW
        if n % 3 == 0:
            return ERROR
        return OK

    receiver.behaviour = unreliable
    make_endpoint()
    slugs = [f"vejledning-{i}" for i in range(12)]
    _publish_and_queue(*slugs[:6])
    now = timezone.now()
    dispatch.deliver_due(now=now)
    _publish_and_queue(*slugs[6:])  # more events while earlier ones are still being retried
    for _ in range(20):
        if not WebhookDelivery.objects.exclude(status=Status.DELIVERED).exists():
            break
        now += timedelta(hours=2)  # past any backoff
        dispatch.deliver_due(now=now)

    deliveries = list(WebhookDelivery.objects.all())
    assert len(deliveries) == 12 and {d.status for d in deliveries} == {Status.DELIVERED}
    assert {r.json["slug"] for r in receiver.received} == set(slugs)
    assert receiver.keys() == {str(d.idempotency_key) for d in deliveries}  # one key per event
    assert all(r.signature_ok for r in receiver.received)
    assert {r.behaviour for r in receiver.received} >= {ERROR, SLOW, DROP}  # failures did happen

    by_key = {}
    for request in receiver.received:
        by_key.setdefault(request.key, []).append(request)
    for delivery in deliveries:
        requests = by_key[str(delivery.idempotency_key)]
        attempts = list(delivery.attempt_log.all())
        assert delivery.attempts == len(requests) == len(attempts)
        # Duplicates only after a failed attempt: every attempt but the last failed, the last was acknowledged.
        assert [a.status_code == 200 for a in attempts] == [False] * (len(attempts) - 1) + [True]
        assert requests[-1].acknowledged
        assert len({r.body for r in requests}) == 1  # retries resend the same body


def test_backoff_grows_exponentially_up_to_the_cap(make_endpoint, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 10
    receiver.behaviour = lambda n: ERROR
    make_endpoint()
    _publish_and_queue("flytning")
    delivery = WebhookDelivery.objects.get()

    now, delays = timezone.now(), []
    for _ in range(9):
        assert dispatch.deliver_due(now=now)["retry"] == 1
        delivery.refresh_from_db()
        delays.append((delivery.next_attempt_at - now).total_seconds())
        assert dispatch.deliver_due(now=delivery.next_attempt_at - timedelta(seconds=1)) == {
            "delivered": 0, "retry": 0, "dead": 0,
        }  # not due before its time
        now = delivery.next_attempt_at

    nominal = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    for delay, expected in zip(delays, nominal):
        assert expected * (1 - retry.JITTER) <= delay <= expected
    assert delays[:8] == sorted(delays[:8]) and delays[7] > delays[6]
    assert dispatch.deliver_due(now=now)["dead"] == 1  # the 10th attempt was the last


def test_a_delivery_is_dead_lettered_after_the_maximum_number_of_attempts(make_endpoint, receiver, caplog):
    receiver.behaviour = lambda n: ERROR
    endpoint = make_endpoint()
    _publish_and_queue("flytning")

    now = timezone.now()
    with caplog.at_level(logging.DEBUG):
        for _ in range(12):
            dispatch.deliver_due(now=now)
            now += timedelta(days=1)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.DEAD and delivery.attempts == 8 and delivery.next_attempt_at is None
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 8 == len(receiver.received)
    assert delivery.last_status_code == 500
    # Only a status line: the receiver's body (which could echo anything) is not kept.
    assert delivery.last_error == "HTTP 500 Internal Server Error"
    assert {a.error for a in delivery.attempt_log.all()} == {"HTTP 500 Internal Server Error"}
    assert "dead-lettered" in caplog.text and endpoint.secret not in caplog.text


def test_timeouts_hang_ups_and_redirects_are_failed_attempts(make_endpoint, receiver):
    plan = [SLOW, DROP, REDIRECT, OK]
    receiver.behaviour = lambda n: plan[n - 1] if n <= len(plan) else OK
    make_endpoint()
    _publish_and_queue("flytning")

    now = timezone.now()
    for _ in plan:
        dispatch.deliver_due(now=now)
        now += timedelta(hours=2)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.DELIVERED and delivery.attempts == 4
    slow, drop, redirect, ok = delivery.attempt_log.all()
    assert slow.status_code is None and "timed out" in slow.error.lower()
    assert drop.status_code is None and "ConnectionError" in drop.error
    assert redirect.status_code == 302 and redirect.error.startswith("HTTP 302")
    assert ok.status_code == 200
    assert [r.path for r in receiver.received] == ["/hook"] * 4  # the redirect was not followed


def test_a_claimed_delivery_is_not_sent_twice_and_is_retried_if_its_worker_died(make_endpoint, receiver):
    make_endpoint()
    _publish_and_queue("flytning")
    now = timezone.now()
    config = dispatch.Config.from_settings()

    # Worker A claims the row and dies before sending.
    [claimed], _ = dispatch._claim(now, 10, config, Counter())
    assert claimed.attempts == 1
    # Worker B, meanwhile, finds nothing to do.
    assert dispatch.deliver_due(now=now) == {"delivered": 0, "retry": 0, "dead": 0}
    assert receiver.received == []
    # Once the claim's lease is over, the delivery is picked up again.
    assert dispatch.deliver_due(now=now + config.lease)["delivered"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 2 and delivery.attempt_log.count() == 1 and len(receiver.received) == 1


def test_deliveries_wait_while_their_endpoint_or_partner_is_inactive(make_endpoint, receiver, partner):
    endpoint = make_endpoint()
    _publish_and_queue("flytning")

    endpoint.is_active = False
    endpoint.save()
    assert dispatch.deliver_due()["delivered"] == 0
    endpoint.is_active = True
    endpoint.save()
    partner.is_active = False
    partner.save()
    assert dispatch.deliver_due()["delivered"] == 0
    assert receiver.received == []

    partner.is_active = True
    partner.save()
    assert dispatch.deliver_due()["delivered"] == 1


def test_retry_now_gives_a_dead_delivery_a_fresh_series(make_endpoint, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.behaviour = lambda n: ERROR if n == 1 else OK
    make_endpoint()
    _publish_and_queue("flytning")
    assert dispatch.deliver_due()["dead"] == 1

    dispatch.retry_now(WebhookDelivery.objects.get())
    assert dispatch.deliver_due()["delivered"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.DELIVERED and delivery.attempt_log.count() == 2
    assert len(receiver.keys()) == 1


def test_a_delivery_whose_last_attempt_was_lost_with_its_worker_is_dead_lettered(make_endpoint, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    make_endpoint()
    _publish_and_queue("flytning", "skilsmisse")
    lost, fine = WebhookDelivery.objects.order_by("id")
    WebhookDelivery.objects.filter(pk=lost.pk).update(attempts=2)  # claimed twice, never recorded

    assert dispatch.deliver_due() == {"delivered": 1, "retry": 0, "dead": 1}
    lost.refresh_from_db()
    assert lost.status == Status.DEAD and lost.attempt_log.count() == 0
    assert [r.key for r in receiver.received] == [str(fine.idempotency_key)]


def test_run_worker_sends_due_webhooks_end_to_end(make_endpoint, receiver):
    """One `run_worker --once` pass turns a publish into a signed delivery at the partner's endpoint."""
    make_endpoint()
    factories.make_guide(slug="ende-til-ende", title="Ende til ende")
    call_command("run_worker", "--once")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.DELIVERED
    assert [r.json["slug"] for r in receiver.received] == ["ende-til-ende"]
    assert receiver.received[0].signature_ok
