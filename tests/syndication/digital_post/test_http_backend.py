"""The Digital Post API backend against the fake NgDP over mutual TLS: the sender interface's shape, idempotent by
message UUID, retried or dead-lettered by the API's answer, and refused later by an asynchronous receipt."""

from datetime import timedelta

import base64

import pytest
from django.utils import timezone

from content_models.worker.drain import drain
from syndication.digital_post import crypto, dispatch, memo, services
from syndication.digital_post.backends import HttpBackend
from syndication.digital_post.receipts import collect_receipts
from syndication.models import DigitalPostMessage
from tests import factories
from tests.fakes.digital_post_endpoint import API_KEY, DROP, ERROR, OK, SLOW, SYSTEM_ID, UNAVAILABLE, make_pki

from .conftest import READ_TIMEOUT, publish_major

pytestmark = pytest.mark.django_db
Status = DigitalPostMessage.Status


@pytest.fixture
def queued(citizens, businesses):
    guide = factories.make_guide()
    for subscriber in citizens[:3] + businesses[:1]:
        services.subscribe(subscriber, guide)
    publish_major(guide)
    drain()
    return list(DigitalPostMessage.objects.order_by("pk"))


def _statuses():
    return sorted(DigitalPostMessage.objects.values_list("status", flat=True))


def test_messages_are_posted_to_the_memos_endpoint_as_the_sender_system(queued, https_backend, tls_fake):
    assert dispatch.deliver_due() == {"delivered": 4, "duplicate": 0, "retry": 0, "dead": 0}

    received = tls_fake.state.received
    assert {r.uuid for r in received} == {str(m.uuid) for m in queued}
    basic = "Basic " + base64.b64encode(f"{SYSTEM_ID}:{API_KEY}".encode()).decode()
    for request in received:
        assert request.status == 201 and request.new and request.receipt_status == "RECEIVED"
        assert request.headers["Content-Type"] == "application/xml; charset=utf-8"
        assert request.headers["Accept"] == "application/json"
        assert request.headers["Authorization"] == basic
        assert request.headers["User-Agent"] == "Borgerportalen-DigitalPost/1"
        assert "Idempotency-Key" not in request.headers  # NgDP knows a message by its messageUUID
        memo.validate(request.body)
    message = DigitalPostMessage.objects.get(pk=queued[0].pk)
    assert message.status == Status.DELIVERED and message.last_status_code == 201 and message.attempts == 1
    assert tls_fake.handshake_failures == 0


def test_without_the_client_certificate_the_endpoint_refuses_the_connection(queued, https_backend, tls_fake, settings):
    settings.DIGITAL_POST_CLIENT_CERT = settings.DIGITAL_POST_CLIENT_KEY = ""
    counts = dispatch.deliver_due()
    assert counts["retry"] == 4 and counts["delivered"] == 0
    assert tls_fake.state.received == [] and tls_fake.handshake_failures >= 1
    assert "SSLError" in DigitalPostMessage.objects.get(pk=queued[0].pk).last_error


def test_a_server_certificate_from_another_ca_is_not_trusted(queued, https_backend, settings, tmp_path, tls_fake):
    settings.DIGITAL_POST_CA_BUNDLE = make_pki(tmp_path / "other").ca_cert
    counts = dispatch.deliver_due()
    assert counts["retry"] == 4 and tls_fake.state.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in DigitalPostMessage.objects.get(pk=queued[0].pk).last_error


@pytest.mark.parametrize("failure, code", [(ERROR, 500), (UNAVAILABLE, 503), (DROP, None)])
def test_server_errors_and_hang_ups_are_retried_with_backoff(queued, https_backend, tls_fake, failure, code):
    tls_fake.state.behaviour = lambda n: failure
    now = timezone.now()
    assert dispatch.deliver_due(now=now)["retry"] == 4
    message = DigitalPostMessage.objects.get(pk=queued[0].pk)
    assert message.status == Status.PENDING and message.last_status_code == code and message.last_error
    assert now + timedelta(seconds=48) <= message.next_attempt_at <= now + timedelta(seconds=60)

    # Not due yet: nothing is sent; later the endpoint is fine again.
    assert not any(dispatch.deliver_due(now=now + timedelta(seconds=30)).values())
    tls_fake.state.behaviour = lambda n: OK
    assert dispatch.deliver_due(now=now + timedelta(seconds=61))["delivered"] == 4
    assert _statuses() == [Status.DELIVERED] * 4


def test_backoff_doubles_until_the_message_is_dead(queued, https_backend, tls_fake, settings):
    settings.DIGITAL_POST_MAX_ATTEMPTS = 4
    tls_fake.state.behaviour = lambda n: ERROR
    now = timezone.now()
    waits = []
    for _ in range(4):
        dispatch.deliver_due(now=now)
        message = DigitalPostMessage.objects.get(pk=queued[0].pk)
        if message.next_attempt_at:  # 80-100 % of 60, 120, 240 s
            waits.append((message.next_attempt_at - now).total_seconds())
            # Each message has its own jitter: move on to when all of them are due.
            now = max(DigitalPostMessage.objects.values_list("next_attempt_at", flat=True))
    assert len(waits) == 3  # the 4th failure is final
    assert all(0.8 * 60 * 2**i <= w <= 60 * 2**i for i, w in enumerate(waits))
    assert _statuses() == [Status.DEAD] * 4
    assert len(tls_fake.state.received) == 16

    dispatch.retry_now(DigitalPostMessage.objects.get(pk=queued[0].pk))
    tls_fake.state.behaviour = lambda n: OK
    assert dispatch.deliver_due()["delivered"] == 1


def test_a_time_out_after_acceptance_is_resent_and_recognised_as_already_received(queued, https_backend, tls_fake):
    tls_fake.state.behaviour = lambda n: SLOW if n == 1 else OK
    now = timezone.now()
    first = dispatch.deliver_due(now=now)
    # (>= : on a loaded machine another answer may miss the short test time-out too; it is resent the same way.)
    assert first["retry"] >= 1 and first["retry"] + first["delivered"] == 4
    slow_uuid = tls_fake.state.received[0].uuid
    slow = DigitalPostMessage.objects.get(uuid=slow_uuid)
    assert slow.status == Status.PENDING and "Timeout" in slow.last_error

    again = dispatch.deliver_due(now=now + timedelta(minutes=2))
    # NgDP answers a known messageUUID with the first transmission's receipt: delivered, and not taken over again.
    assert again["delivered"] >= 1 and again["retry"] == again["dead"] == 0
    assert _statuses() == [Status.DELIVERED] * 4
    # The endpoint saw the slow message twice but accepted it as new only once.
    assert [r.uuid for r in tls_fake.state.received].count(slow_uuid) == 2
    assert max(tls_fake.state.new_count.values()) == 1 and len(tls_fake.state.new_count) == 4
    assert READ_TIMEOUT < tls_fake.state.slow_seconds


def test_a_message_the_endpoint_rejects_is_dead_at_once_and_its_error_is_redacted(queued, https_backend, tls_fake):
    broken = queued[0]
    document = crypto.decrypt(broken.payload).replace(b"DIGITALPOST", b"0101901234")
    DigitalPostMessage.objects.filter(pk=broken.pk).update(payload=crypto.encrypt(document))

    counts = dispatch.deliver_due()

    assert counts == {"delivered": 3, "duplicate": 0, "retry": 0, "dead": 1}
    broken.refresh_from_db()
    assert broken.status == Status.DEAD and broken.attempts == 1 and broken.last_status_code == 400
    assert "INVALID_MEMO" in broken.last_error and "messageType" in broken.last_error
    assert "0101901234" not in broken.last_error and "[cpr]" in broken.last_error


def test_plain_http_on_this_machine_works_for_development(queued, fake, settings):
    settings.DIGITAL_POST_BACKEND = fake.url
    assert dispatch.deliver_due()["delivered"] == 4
    assert len(fake.state.accepted()) == 4


def test_a_message_that_cannot_be_decrypted_is_dead(queued, https_backend, settings):
    DigitalPostMessage.objects.filter(pk=queued[0].pk).update(payload="not-a-token")
    assert dispatch.deliver_due()["dead"] == 1
    assert "dekrypteres" in DigitalPostMessage.objects.get(pk=queued[0].pk).last_error


def test_sessions_are_reused_per_thread(https_backend):
    assert isinstance(https_backend, HttpBackend)
    assert https_backend._session() is https_backend._session()


def test_a_sender_cvr_the_system_may_not_send_for_is_refused_by_receipt_and_dead_at_once(queued, https_backend,
                                                                                          tls_fake):
    tls_fake.state.sender_cvrs = {"12345678"}
    assert dispatch.deliver_due() == {"delivered": 0, "duplicate": 0, "retry": 0, "dead": 4}
    message = DigitalPostMessage.objects.get(pk=queued[0].pk)
    assert message.status == Status.DEAD and message.attempts == 1
    assert "NOT_ALLOWED" in message.last_error and "SENDER_NOT_ALLOWED" in message.last_error
    assert tls_fake.state.accepted() == set()


@pytest.mark.parametrize("credentials", [(SYSTEM_ID, "wrong-key"), ("", "")])
def test_wrong_system_credentials_are_retried_and_say_what_to_check(queued, https_backend, tls_fake, settings,
                                                                     credentials):
    settings.DIGITAL_POST_SYSTEM_ID, settings.DIGITAL_POST_API_KEY = credentials
    backend = HttpBackend(tls_fake.url, cert=(settings.DIGITAL_POST_CLIENT_CERT, settings.DIGITAL_POST_CLIENT_KEY),
                          verify=settings.DIGITAL_POST_CA_BUNDLE, connect_timeout=1, read_timeout=2,
                          system_id=credentials[0], api_key=credentials[1])
    assert dispatch.deliver_due(backend=backend)["retry"] == 4  # the registration is wrong, not the message
    message = DigitalPostMessage.objects.get(pk=queued[0].pk)
    assert message.status == Status.PENDING and message.last_status_code == 401
    assert "UNAUTHORIZED" in message.last_error and "API-nøgle" in message.last_error


def test_asynchronous_receipts_refuse_an_undeliverable_message_later(queued, https_backend, tls_fake, citizens):
    tls_fake.state.undeliverable = {citizens[0].number}
    assert dispatch.deliver_due()["delivered"] == 4
    assert len(tls_fake.state.waiting_receipts) == 4

    assert collect_receipts() == {"completed": 3, "refused": 1, "unknown": 0}
    assert tls_fake.state.waiting_receipts == {}  # each receipt was deleted once recorded
    refused = DigitalPostMessage.objects.get(status=Status.DEAD)
    assert "INVALID" in refused.last_error and "RECIPIENT_NOT_REACHABLE" in refused.last_error
    assert citizens[0].number not in refused.last_error
    assert DigitalPostMessage.objects.filter(status=Status.DELIVERED).count() == 3
    assert collect_receipts() == {"completed": 0, "refused": 0, "unknown": 0}


def test_receipts_that_cannot_be_read_leave_the_outbox_alone(queued, https_backend, tls_fake, settings):
    assert dispatch.deliver_due()["delivered"] == 4
    tls_fake.state.credentials = ("another", "system")
    assert collect_receipts() == {"completed": 0, "refused": 0, "unknown": 0}
    assert DigitalPostMessage.objects.filter(status=Status.DELIVERED).count() == 4
