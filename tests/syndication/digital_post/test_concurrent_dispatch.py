"""Several dispatchers at once never send the same message twice (PostgreSQL: SKIP LOCKED + claim tokens)."""

import pytest
from django.utils import timezone

from content_models.worker.drain import drain
from syndication.digital_post import dispatch, services
from syndication.digital_post.identity import Subscriber
from syndication.models import DigitalPostMessage
from tests import factories
from tests.concurrency import run_in_threads

from .conftest import publish_major


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_dispatchers_send_each_message_once(settings, fake):
    settings.DIGITAL_POST_BACKEND = fake.url
    settings.DIGITAL_POST_BATCH_SIZE = 3
    settings.DIGITAL_POST_CONCURRENCY = 2
    guide = factories.make_guide()
    for n in range(30):
        services.subscribe(Subscriber.cpr(f"0101{n:02}1234"), guide)
    publish_major(guide)
    drain()
    now = timezone.now()

    def dispatcher():
        while any(dispatch.deliver_due(now=now, limit=5).values()):
            pass

    assert run_in_threads(dispatcher, threads=4, timeout=120) == []
    uuids = [request.uuid for request in fake.state.received]
    assert len(uuids) == len(set(uuids)) == 30  # no message was even sent twice
    assert set(DigitalPostMessage.objects.values_list("status", flat=True)) == {DigitalPostMessage.Status.DELIVERED}
