"""Subscriptions: subscribe, list, unsubscribe, erasure; CPR numbers only encrypted and hashed; bad input refused."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.serializers import serialize
from django.db import connection

from content_models.worker.drain import drain
from syndication.digital_post import crypto, services
from syndication.digital_post.identity import Subscriber
from syndication.models import DigitalPostMessage, Subscription
from tests import factories

from .conftest import publish_major

pytestmark = pytest.mark.django_db
Status = DigitalPostMessage.Status


@pytest.fixture
def guide():
    return factories.make_guide()


def _all_stored_text() -> str:
    """Every column of both tables, as the database holds them."""
    with connection.cursor() as cursor:
        rows = []
        for table in (Subscription._meta.db_table, DigitalPostMessage._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows += [repr(row) for row in cursor.fetchall()]
    return "\n".join(rows)


def test_subscribe_to_a_guide_topic_and_standard_and_list_them(citizens, guide):
    topic = factories.TopicFactory(title="Bolig")
    standard = factories.make_standard()
    citizen = citizens[0]
    first = services.subscribe(citizen, guide)
    services.subscribe(citizen, topic)
    services.subscribe(citizen, standard)

    assert services.subscribe(citizen, guide) == first  # twice is once
    assert [s.target for s in services.subscriptions_for(citizen)] == [guide, topic, standard]
    assert list(services.subscriptions_for(citizens[1])) == []
    assert first.subscriber_kind == "cpr" and str(first) == "Borger (CPR) → Flytning"


def test_the_cpr_number_is_stored_only_encrypted_and_as_a_keyed_hash(citizens, guide):
    citizen = citizens[0]
    subscription = services.subscribe(citizen, guide)
    publish_major(guide)
    drain()

    stored = _all_stored_text()
    assert citizen.number not in stored
    assert "010190" not in stored  # not even its date part
    assert crypto.decrypt(subscription.subscriber_encrypted) == citizen.number.encode()
    assert subscription.subscriber_hash == crypto.keyed_hash("cpr", citizen.number)
    # The admin's serialisation of the rows does not carry it either.
    assert citizen.number not in serialize("json", Subscription.objects.all())
    assert citizen.number not in serialize("json", DigitalPostMessage.objects.all())


def test_the_hash_depends_on_the_key(settings, citizens):
    first = crypto.keyed_hash("cpr", citizens[0].number)
    settings.CPR_HASH_KEY = "x" * 40
    assert crypto.keyed_hash("cpr", citizens[0].number) != first


@pytest.mark.parametrize(
    "make",
    [
        lambda: Subscriber.cpr("12345"),
        lambda: Subscriber.cpr("3213901234"),
        lambda: Subscriber.cvr("12345678"),
        lambda: Subscriber.cvr("1234567"),
        lambda: Subscriber("cpr", None),
    ],
    ids=["cpr-length", "cpr-date", "cvr-modulus", "cvr-length", "missing"],
)
def test_invalid_numbers_are_refused_and_nothing_is_stored(make, guide):
    with pytest.raises(ValidationError) as error:
        services.subscribe(make(), guide)
    assert error.value.messages and all(message.strip() for message in error.value.messages)
    assert Subscription.objects.count() == 0


def test_only_guides_topics_and_standards_can_be_followed(citizens):
    link = factories.make_self_service_link()
    with pytest.raises(ValidationError, match="vejledninger, emner og standarder"):
        services.subscribe(citizens[0], link)
    with pytest.raises(TypeError):
        services.subscribe("0101901234", factories.TopicFactory())
    assert Subscription.objects.count() == 0


def test_unsubscribe_removes_the_subscription_and_its_unsent_messages(citizens, guide):
    services.subscribe(citizens[0], guide)
    services.subscribe(citizens[1], guide)
    publish_major(guide)
    drain()
    assert DigitalPostMessage.objects.count() == 2

    assert services.unsubscribe(citizens[0], guide) is True
    assert services.unsubscribe(citizens[0], guide) is False
    assert list(services.subscriptions_for(citizens[0])) == []
    assert DigitalPostMessage.objects.count() == 1


def test_delete_subscriber_data_erases_subscriptions_and_pending_messages(citizens, businesses, guide, settings):
    citizen, other = citizens[0], citizens[1]
    topic = factories.TopicFactory()
    services.subscribe(citizen, guide)
    services.subscribe(citizen, topic)
    services.subscribe(other, guide)
    services.subscribe(businesses[0], guide)
    publish_major(guide)
    drain()
    # One message already went out to the citizen: it stays as a record, without its recipient.
    delivered = DigitalPostMessage.objects.get(recipient_hash=crypto.keyed_hash("cpr", citizen.number))
    publish_major(guide, title="Flytning 2")
    drain()
    DigitalPostMessage.objects.filter(pk=delivered.pk).update(status=Status.DELIVERED)

    result = services.delete_subscriber_data(citizen.number)  # a CPR string works too

    assert result == {"subscriptions": 2, "messages": 1, "scrubbed": 1}
    assert list(services.subscriptions_for(citizen)) == []
    citizen_hash = crypto.keyed_hash("cpr", citizen.number)
    assert not DigitalPostMessage.objects.filter(recipient_hash=citizen_hash).exists()
    delivered.refresh_from_db()
    assert delivered.payload == "" and delivered.recipient_hash.startswith("slettet-")
    assert delivered.status == Status.DELIVERED and delivered.subscription is None
    # Everybody else keeps theirs.
    assert Subscription.objects.count() == 2
    assert DigitalPostMessage.objects.exclude(pk=delivered.pk).count() == 4
    # Erasing twice is harmless.
    assert services.delete_subscriber_data(Subscriber.cpr(citizen.number))["subscriptions"] == 0


def test_keys_are_required_outside_dev_and_test(settings, citizens, guide, monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    settings.SUBSCRIBER_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="SUBSCRIBER_ENCRYPTION_KEY"):
        services.subscribe(citizens[0], guide)
    settings.SUBSCRIBER_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.CPR_HASH_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="CPR_HASH_KEY"):
        services.subscribe(citizens[0], guide)
    settings.CPR_HASH_KEY = "too-short"
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        services.subscribe(citizens[0], guide)
    assert Subscription.objects.count() == 0


def test_dev_and_test_derive_keys_from_the_secret_key(settings, citizens, guide):
    settings.SUBSCRIBER_ENCRYPTION_KEY = ""
    settings.CPR_HASH_KEY = ""
    subscription = services.subscribe(citizens[0], guide)
    assert crypto.decrypt(subscription.subscriber_encrypted) == citizens[0].number.encode()


def test_encryption_keys_can_rotate(settings, citizens, guide):
    old_key = settings.SUBSCRIBER_ENCRYPTION_KEY
    subscription = services.subscribe(citizens[0], guide)
    settings.SUBSCRIBER_ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{old_key}"
    assert crypto.decrypt(subscription.subscriber_encrypted) == citizens[0].number.encode()
    settings.SUBSCRIBER_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(subscription.subscriber_encrypted)



def test_a_signed_in_citizen_subscribes_with_the_number_from_their_session(client, guide):
    """The citizen pages' path: the session's encrypted number becomes the subscription's, under the same hash."""
    from django.test import RequestFactory

    from cms.sso.citizen import sign_in
    from cms.sso.identity import PersonIdentity
    from syndication.digital_post import selectors

    request = RequestFactory().get("/")
    request.session = client.session
    citizen = sign_in(request, PersonIdentity(source="nemlogin", cpr="2211771212", loa="Substantial"))
    subscriber = Subscriber.from_citizen(citizen)
    subscription = services.subscribe(subscriber, guide)
    assert subscription.subscriber_hash == citizen.cpr_hash
    assert crypto.decrypt(subscription.subscriber_encrypted) == b"2211771212"
    assert selectors.is_subscribed(subscriber, guide)
    assert services.delete_subscriber_data(subscriber) == {"subscriptions": 1, "messages": 0, "scrubbed": 0}
    assert not selectors.is_subscribed(subscriber, guide)


def test_targets_are_found_by_kind_and_id_live_ones_to_follow(guide):
    from syndication.digital_post import selectors

    topic = factories.TopicFactory(title="Bolig")
    draft = factories.make_standard(identifier="UDKAST", title="Udkast", live=False)
    assert selectors.target("guide", guide.pk) == guide and selectors.target("topic", topic.pk) == topic
    assert selectors.target("standard", draft.pk) is None
    assert selectors.target("standard", draft.pk, live=False) == draft
    assert selectors.target("page", guide.pk) is None and selectors.target("guide", 10**9) is None
