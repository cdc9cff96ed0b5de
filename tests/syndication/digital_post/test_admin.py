"""The outbox in the admin ("Syndikering" › "Digital Post"): list with a status filter, inspect, retry; no numbers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from content_models.worker.drain import drain
from syndication.digital_post import services
from syndication.models import DigitalPostMessage
from tests import factories

from .conftest import publish_major

pytestmark = pytest.mark.django_db
Status = DigitalPostMessage.Status


@pytest.fixture
def messages(citizens, businesses):
    guide = factories.make_guide()
    services.subscribe(citizens[0], guide)
    services.subscribe(businesses[0], guide)
    publish_major(guide)
    drain()
    dead, pending = DigitalPostMessage.objects.order_by("pk")
    DigitalPostMessage.objects.filter(pk=dead.pk).update(
        status=Status.DEAD, attempts=8, next_attempt_at=None, last_status_code=503, last_error="HTTP 503: lukket"
    )
    return {"dead": dead, "pending": pending}


def test_the_outbox_is_listed_in_the_syndication_menu_with_a_status_filter(admin_client, messages, citizens):
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Syndikering" in home and "Digital Post" in home

    listing = admin_client.get(reverse("digital_post_messages:index"))
    assert listing.status_code == 200
    assert {m.pk for m in listing.context["object_list"]} == {messages["dead"].pk, messages["pending"].pk}
    assert citizens[0].number not in listing.content.decode()
    dead_only = admin_client.get(reverse("digital_post_messages:index"), {"status": "dead"})
    assert [m.pk for m in dead_only.context["object_list"]] == [messages["dead"].pk]


def test_inspect_shows_the_state_but_never_the_recipient_and_retry_revives_a_dead_one(admin_client, messages, citizens):
    dead = messages["dead"]
    page = admin_client.get(reverse("digital_post_messages:inspect", args=[dead.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "HTTP 503: lukket" in content and "Forsøg igen nu" in content and str(dead.uuid) in content
    assert citizens[0].number not in content and dead.payload[:40] not in content

    response = admin_client.post(reverse("digital_post_messages:retry", args=[dead.pk]))
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.status == Status.PENDING and dead.attempts == 0 and dead.next_attempt_at is not None


def test_retry_needs_the_change_permission_and_a_post(client, messages):
    viewer = factories.UserFactory()
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_digitalpostmessage")
    )
    client.force_login(viewer)
    dead = messages["dead"]
    page = client.get(reverse("digital_post_messages:inspect", args=[dead.pk]))
    assert page.status_code == 200 and "Forsøg igen nu" not in page.content.decode()
    # Wagtail answers a refused admin action with a redirect to the dashboard.
    assert client.post(reverse("digital_post_messages:retry", args=[dead.pk])).status_code in (302, 403)
    assert client.get(reverse("digital_post_messages:retry", args=[dead.pk])).status_code == 405
    dead.refresh_from_db()
    assert dead.status == Status.DEAD


def test_the_outbox_cannot_be_edited_or_added_to(admin_client, messages):
    from django.urls import NoReverseMatch

    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"digital_post_messages:{name}", args=[] if name == "add" else [messages["dead"].pk])
