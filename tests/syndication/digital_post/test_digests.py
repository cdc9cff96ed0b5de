"""Daily and weekly digests (one MeMo message per subscriber and period listing every change) and withdrawal
notices (a followed guide or standard unpublished or deleted), with the outbox's exactly-once guarantees."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from content_models import publishing
from content_models.worker.drain import drain
from syndication.digital_post import crypto, digests, memo, services
from syndication.models import DigestItem, DigitalPostMessage, PendingWithdrawal, Subscription
from tests import factories

from .conftest import publish_major

pytestmark = pytest.mark.django_db


def text_of(message) -> str:
    import base64

    tree = memo.validate(crypto.decrypt(message.payload))  # valid against the official MeMo XSD
    return base64.b64decode(memo.field(tree, "MessageBody/MainDocument/File/content")).decode()


def tomorrow() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=1)


def next_week() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=7)


@pytest.fixture
def guides():
    return [factories.make_guide(slug="flytning", title="Flytning"), factories.make_guide(slug="pas", title="Pas")]


def follow(subscriber, items, frequency):
    for item in items:
        services.subscribe(subscriber, item)
    services.set_frequency(subscriber, frequency)


def test_a_daily_subscriber_gets_one_message_listing_every_change(citizens, guides):
    follow(citizens[0], guides, "daily")
    follow(citizens[1], guides[:1], "immediate")
    for guide in guides:
        publish_major(guide)
    publish_major(guides[0], summary="Endnu en ændring.")
    assert drain().ok
    # The immediate subscriber got their two messages; the daily one waits.
    assert DigitalPostMessage.objects.filter(recipient_hash=services._hash(citizens[1])).count() == 2
    assert DigitalPostMessage.objects.filter(recipient_hash=services._hash(citizens[0])).count() == 0
    assert digests.build_due_digests() == 0  # the day is not over

    assert digests.build_due_digests(now=tomorrow()) == 1
    (digest,) = DigitalPostMessage.objects.filter(recipient_hash=services._hash(citizens[0]))
    text = text_of(digest)
    assert text.count("- Flytning:") == 2 and text.count("- Pas:") == 1
    assert digest.title.startswith("Oversigt over 3 ændringer for ")
    start = digests.period_start(tomorrow(), "daily")
    assert digest.uuid == digests.digest_uuid(services._hash(citizens[0]), "daily", start)
    # Built once: another pass, or another worker, adds nothing.
    assert digests.build_due_digests(now=tomorrow()) == 0
    assert DigitalPostMessage.objects.count() == 3


def test_a_weekly_digest_waits_for_monday(citizens, guides):
    follow(citizens[0], guides, "weekly")
    publish_major(guides[1])
    drain()
    now = timezone.now()
    days_to_monday = 7 - timezone.localtime(now).weekday()
    assert digests.build_due_digests(now=now + datetime.timedelta(days=days_to_monday) - datetime.timedelta(hours=25)) == 0
    assert digests.build_due_digests(now=now + datetime.timedelta(days=days_to_monday)) == 1
    (digest,) = DigitalPostMessage.objects.all()
    assert digest.title.startswith("Oversigt over 1 ændring for uge ")


class Crash(Exception):
    pass


def test_a_crash_before_the_commit_rebuilds_the_same_message_byte_for_byte(citizens, guides):
    follow(citizens[0], guides, "daily")
    for guide in guides:
        publish_major(guide)
    drain()
    with pytest.raises(Crash), transaction.atomic():
        assert digests.build_due_digests(now=tomorrow()) == 1
        first = DigitalPostMessage.objects.get()
        uuid, document = first.uuid, crypto.decrypt(first.payload)
        raise Crash  # the worker dies before its transaction commits
    assert not DigitalPostMessage.objects.exists()
    assert not DigestItem.objects.filter(digest_uuid__isnull=False).exists()

    assert digests.build_due_digests(now=tomorrow()) == 1
    again = DigitalPostMessage.objects.get()
    assert again.uuid == uuid and crypto.decrypt(again.payload) == document


def test_a_digest_subscriber_whose_every_item_was_deleted_gets_one_notice_then_nothing(citizens, guides):
    follow(citizens[0], guides, "daily")
    publish_major(guides[0])
    drain()
    for guide in guides:
        publishing.delete(guide)
    assert drain().ok
    assert not Subscription.objects.exists() and not PendingWithdrawal.objects.exists()
    assert digests.build_due_digests(now=tomorrow()) == 1
    (notice,) = DigitalPostMessage.objects.all()
    text = text_of(notice)
    assert "Fjernet fra portalen:\n- Flytning" in text and "- Pas (" in text
    assert "Ændret væsentligt" not in text  # the waiting "changed" line went with the withdrawal
    # Nothing follows: no subscriptions left, no items waiting.
    other = factories.make_guide(slug="ny", title="Ny")
    publish_major(other)
    drain()
    assert digests.build_due_digests(now=tomorrow() + datetime.timedelta(days=2)) == 0
    assert DigitalPostMessage.objects.count() == 1


def test_an_immediate_subscriber_hears_of_an_unpublish_and_a_delete_once_each(citizens, guides):
    follow(citizens[0], guides[:1], "immediate")
    standard = factories.make_standard()
    services.subscribe(citizens[0], standard)
    publishing.unpublish(guides[0])
    publishing.delete(standard)
    assert drain().ok
    titles = sorted(m.title for m in DigitalPostMessage.objects.all())
    assert titles == ["Flytning er fjernet fra portalen", "OIOUBL 2.1 er fjernet fra portalen"]
    texts = {m.title: text_of(m) for m in DigitalPostMessage.objects.all()}
    assert "ikke længere offentliggjort" in texts["Flytning er fjernet fra portalen"]
    assert "slettet fra portalen" in texts["OIOUBL 2.1 er fjernet fra portalen"]
    # Re-reading the log (a crash before the cursor moved) adds nothing.
    from content_models.models import ConsumerCursor

    ConsumerCursor.objects.filter(name="digital-post").update(position=0)
    assert drain().ok
    assert DigitalPostMessage.objects.count() == 2


def test_a_renamed_guide_is_not_a_withdrawal(citizens, guides):
    follow(citizens[0], guides[:1], "immediate")
    guides[0].slug = "flytning-ny"
    publishing.publish(guides[0])  # the event log records the old slug as deleted (renamed_to)
    assert drain().ok
    assert not DigitalPostMessage.objects.exists()


def test_unfollowing_or_erasing_drops_waiting_digest_lines(citizens, guides):
    follow(citizens[0], guides, "weekly")
    follow(citizens[1], guides, "weekly")
    for guide in guides:
        publish_major(guide)
    drain()
    services.unsubscribe(citizens[0], guides[0])
    services.delete_subscriber_data(citizens[1])
    assert list(DigestItem.objects.values_list("title", flat=True)) == ["Pas"]
    assert digests.build_due_digests(now=next_week()) == 1
    assert "Flytning" not in text_of(DigitalPostMessage.objects.get())


def test_a_new_subscription_comes_as_often_as_the_others(citizens, guides):
    follow(citizens[0], guides[:1], "weekly")
    services.subscribe(citizens[0], guides[1])
    assert set(Subscription.objects.values_list("frequency", flat=True)) == {"weekly"}
    with pytest.raises(Exception):
        services.set_frequency(citizens[0], "hourly")
