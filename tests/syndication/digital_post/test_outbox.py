"""The "digital-post" consumer: one valid MeMo message per subscriber of a major update, never two."""

import base64

import pytest

from content_models.worker.registry import registered_consumers
from content_models.worker.drain import drain
from content_models.models import ConsumerCursor
from syndication.digital_post import crypto, memo, outbox, services
from syndication.models import DigitalPostMessage
from tests import factories

from .conftest import publish_major

pytestmark = pytest.mark.django_db


def _messages() -> dict[str, tuple[DigitalPostMessage, object]]:
    """recipientID -> (row, parsed and validated MeMo tree)."""
    found = {}
    for row in DigitalPostMessage.objects.order_by("pk"):
        tree = memo.validate(crypto.decrypt(row.payload))
        recipient = memo.field(tree, "MessageHeader/Recipient/recipientID")
        assert recipient not in found, "two messages for one recipient"
        found[recipient] = (row, tree)
    return found


def _text(tree) -> str:
    return base64.b64decode(memo.field(tree, "MessageBody/MainDocument/File/content")).decode()


@pytest.fixture
def topics():
    family = factories.TopicFactory(slug="familie", title="Familie")
    housing = factories.TopicFactory(slug="bolig", title="Bolig", parent=family)
    moving = factories.TopicFactory(slug="flytning-emne", title="Flytning og adresse", parent=housing)
    return family, housing, moving


def test_the_consumer_is_registered_under_its_stable_name():
    assert "digital-post" in [c.name for c in registered_consumers()]


def test_guide_topic_and_ancestor_subscribers_get_one_message_each(citizens, businesses, topics):
    family, housing, moving = topics
    other_topic = factories.TopicFactory(slug="skat", title="Skat")
    guide = factories.make_guide(topics=[moving])
    a, b, c, d, e = citizens
    services.subscribe(a, guide)
    services.subscribe(a, moving)  # also via the topic: still one message, the direct reason wins
    services.subscribe(b, moving)
    services.subscribe(c, family)  # an ancestor of the guide's topic
    services.subscribe(c, housing)
    services.subscribe(d, other_topic)  # unrelated: nothing
    services.subscribe(businesses[0], housing)
    services.subscribe(e, factories.make_guide(slug="andet", title="Andet"))  # another guide: nothing

    publish_major(guide, title="Flytning til ny adresse")
    drain()

    messages = _messages()
    assert set(messages) == {a.number, b.number, c.number, businesses[0].number}
    assert "fordi du abonnerer på vejledningen »Flytning til ny adresse«" in _text(messages[a.number][1])
    assert "fordi du abonnerer på emnet »Flytning og adresse«" in _text(messages[b.number][1])
    assert "fordi du abonnerer på emnet »Familie«" in _text(messages[c.number][1])  # its oldest subscription
    row, tree = messages[businesses[0].number]
    assert memo.field(tree, "MessageHeader/Recipient/idType") == "CVR"
    assert row.recipient_kind == "cvr" and row.content_kind == "guide" and row.content_identifier == "flytning"
    row, tree = messages[a.number]
    assert memo.field(tree, "MessageHeader/Recipient/idType") == "CPR"
    assert memo.field(tree, "MessageHeader/label") == row.title == "Ændring i Flytning til ny adresse"
    assert memo.field(tree, "MessageHeader/Sender/senderID") == "34051178"
    assert "https://www.borgerportalen.example/" in _text(tree) and "/flytning/" in _text(tree)
    assert row.status == DigitalPostMessage.Status.PENDING and row.next_attempt_at is not None


def test_standard_subscribers_get_a_message_with_the_standards_url(citizens, businesses):
    standard = factories.make_standard(identifier="OIOUBL-2.1", title="OIOUBL 2.1")
    services.subscribe(citizens[0], standard)
    services.subscribe(businesses[1], standard)
    services.subscribe(citizens[1], factories.make_standard(identifier="NemHandel", title="NemHandel"))

    publish_major(standard, version="2.1.1")
    drain()

    messages = _messages()
    assert set(messages) == {citizens[0].number, businesses[1].number}
    text = _text(messages[citizens[0].number][1])
    assert "standarden »OIOUBL 2.1«" in text
    assert "https://www.borgerportalen.example/standarder/OIOUBL-2.1/" in text


def test_message_uuids_are_uuid5_of_subscription_and_sequence_and_a_rerun_adds_nothing(citizens):
    guide = factories.make_guide()
    subscriptions = [services.subscribe(citizen, guide) for citizen in citizens]
    publish_major(guide)
    drain()
    rows = {row.subscription_id: row for row in DigitalPostMessage.objects.all()}
    sequence = next(iter(rows.values())).event_id
    expected = {str(memo.message_uuid(s.pk, sequence)) for s in subscriptions}
    assert {str(rows[s.pk].uuid) for s in subscriptions} == expected
    before = {(row.uuid, row.payload) for row in rows.values()}

    # The consumer reads the same events again (a crash before its cursor moved): nothing new, nothing changed.
    ConsumerCursor.objects.filter(name=outbox.CONSUMER_NAME).update(position=0)
    assert drain().ok
    assert {(row.uuid, row.payload) for row in DigitalPostMessage.objects.all()} == before

    # Rebuilding gives byte-identical documents (created time is the event's, not the clock's).
    rebuilt = {str(m.uuid): crypto.decrypt(m.payload) for m in outbox.messages_for(rows[subscriptions[0].pk].event)}
    assert rebuilt == {str(row.uuid): crypto.decrypt(row.payload) for row in rows.values()}


def test_an_unpublished_guide_tells_only_its_own_followers_and_other_kinds_nobody(citizens):
    guide = factories.make_guide()
    topic = factories.TopicFactory()
    services.subscribe(citizens[0], guide)
    services.subscribe(citizens[1], topic)
    factories.make_self_service_link(topics=[topic])  # links have no major flag
    guide.major_update = True
    guide.save_revision()
    guide.unpublish()  # a withdrawal: news to the guide's follower, not to the topic's
    factories.make_standard().delete()  # nobody followed it
    drain()
    (message,) = DigitalPostMessage.objects.all()
    assert message.title == "Flytning er fjernet fra portalen"
    assert message.recipient_hash == services._hash(citizens[0])


def test_a_deleted_guide_read_late_gets_its_withdrawal_notice_not_the_update(citizens):
    guide = factories.make_guide()
    services.subscribe(citizens[0], guide)
    publish_major(guide)
    guide.delete()  # the subscription goes with it; the events stay in the log
    assert drain().ok
    (message,) = DigitalPostMessage.objects.all()
    assert message.title == "Flytning er fjernet fra portalen" and message.subscription_id is None


def test_the_title_is_the_published_revisions(citizens):
    guide = factories.make_guide()
    services.subscribe(citizens[0], guide)
    publish_major(guide, title="Flytning – nye regler")
    guide.title = "Kladdetitel"
    guide.save_revision()  # a later draft must not leak into the message
    drain()
    assert DigitalPostMessage.objects.get().title == "Ændring i Flytning – nye regler"
