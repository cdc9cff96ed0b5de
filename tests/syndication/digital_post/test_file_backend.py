"""The file backend: one <uuid>.xml per message, written atomically, never rewritten; the worker sends due messages."""

import os
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from content_models.worker.drain import drain
from syndication.digital_post import backends, dispatch, memo, services
from syndication.models import DigitalPostMessage
from tests import factories

from .conftest import publish_major

pytestmark = pytest.mark.django_db
Status = DigitalPostMessage.Status


@pytest.fixture
def queued(citizens, businesses):
    guide = factories.make_guide()
    for subscriber in citizens + businesses:
        services.subscribe(subscriber, guide)
    publish_major(guide)
    drain()
    return list(DigitalPostMessage.objects.order_by("pk"))


def test_the_worker_writes_one_valid_file_per_message(queued, outbox_dir):
    call_command("run_worker", "--once")

    files = sorted(outbox_dir.glob("*.xml"))
    assert {f.stem for f in files} == {str(m.uuid) for m in queued}
    for path in files:
        tree = memo.validate(path.read_bytes())
        assert memo.field(tree, "MessageHeader/messageUUID") == path.stem
    assert list(outbox_dir.glob(".*")) == []  # no temp files left
    assert set(DigitalPostMessage.objects.values_list("status", flat=True)) == {Status.DELIVERED}
    assert not DigitalPostMessage.objects.filter(delivered_at__isnull=True).exists()


def test_an_existing_file_is_not_rewritten(queued, outbox_dir):
    outbox_dir.mkdir()
    existing = outbox_dir / f"{queued[0].uuid}.xml"
    existing.write_bytes(b"written by an earlier run")
    os.utime(existing, (1_000_000_000, 1_000_000_000))

    counts = dispatch.deliver_due()

    assert counts == {"delivered": len(queued) - 1, "duplicate": 1, "retry": 0, "dead": 0}
    assert existing.read_bytes() == b"written by an earlier run" and existing.stat().st_mtime == 1_000_000_000
    assert DigitalPostMessage.objects.get(pk=queued[0].pk).status == Status.DELIVERED


def test_each_file_is_fsynced_and_the_directory_once_per_batch(queued, outbox_dir, monkeypatch, settings):
    settings.DIGITAL_POST_BATCH_SIZE = 3
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    dispatch.deliver_due()
    batches = -(-len(queued) // 3)
    assert len(synced) == len(queued) + batches


def test_a_failed_rename_leaves_neither_half_a_file_nor_a_temp_file(queued, outbox_dir, monkeypatch):
    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    now = timezone.now()
    counts = dispatch.deliver_due(now=now)

    assert counts["retry"] == len(queued) and counts["delivered"] == 0
    assert list(outbox_dir.iterdir()) == []
    message = DigitalPostMessage.objects.get(pk=queued[0].pk)
    assert message.status == Status.PENDING and message.attempts == 1 and "No space left" in message.last_error
    # Backoff: the first retry waits 80-100 % of the base delay (60 s here).
    assert now + timedelta(seconds=48) <= message.next_attempt_at <= now + timedelta(seconds=60)


def test_a_message_is_dead_after_the_last_allowed_attempt_and_can_be_retried(queued, tmp_path, settings):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.DIGITAL_POST_BACKEND = f"file://{blocker}"
    settings.DIGITAL_POST_MAX_ATTEMPTS = 3
    now = timezone.now()
    for _ in range(3):
        dispatch.deliver_due(now=now)
        now += timedelta(hours=7)  # past any backoff
    assert set(DigitalPostMessage.objects.values_list("status", flat=True)) == {Status.DEAD}
    assert dispatch.deliver_due(now=now) == {"delivered": 0, "duplicate": 0, "retry": 0, "dead": 0}

    settings.DIGITAL_POST_BACKEND = f"file://{tmp_path / 'ok'}"
    dispatch.retry_now(queued[0])
    assert dispatch.deliver_due()["delivered"] == 1
    assert (tmp_path / "ok" / f"{queued[0].uuid}.xml").exists()


def test_no_backend_means_messages_wait(queued, settings):
    settings.DIGITAL_POST_BACKEND = ""
    assert dispatch.deliver_due_summary() == ""
    assert DigitalPostMessage.objects.filter(status=Status.PENDING).count() == len(queued)


@pytest.mark.parametrize(
    "url", ["ftp://example.dk/x", "file://example.dk/tmp", "http://digitalpost.example.dk/memo", "sqs://queue"]
)
def test_unusable_backend_urls_are_configuration_errors(url):
    with pytest.raises(ImproperlyConfigured):
        backends.from_url(url)


def test_backend_urls(tmp_path):
    assert isinstance(backends.from_url(f"file://{tmp_path}"), backends.FileBackend)
    assert isinstance(backends.from_url("https://api.digitalpost.dk/apis/v1"), backends.HttpBackend)
    assert isinstance(backends.from_url("http://127.0.0.1:9/apis/v1"), backends.HttpBackend)


def test_the_digital_post_api_needs_the_sender_systems_credentials(settings):
    settings.DIGITAL_POST_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="DIGITAL_POST_SYSTEM_ID and DIGITAL_POST_API_KEY"):
        backends.from_url("https://api.digitalpost.dk/apis/v1")
