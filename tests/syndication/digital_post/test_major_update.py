"""Editors mark a publish major or minor; the event log records it in details["major"]."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content_models.worker.drain import drain
from content_models.models import PublishingEvent
from content_models.worker.scheduled_publishing import run_scheduled_publishing
from syndication.digital_post import services
from syndication.models import DigitalPostMessage
from tests import factories

from .conftest import publish_major

pytestmark = pytest.mark.django_db


def _last_event(kind):
    return PublishingEvent.objects.filter(kind=kind).order_by("-sequence").first()


def test_the_publish_event_records_whether_the_update_is_major():
    guide = factories.make_guide()
    assert _last_event("guide").details["major"] is False
    publish_major(guide, summary="Nye regler.")
    event = _last_event("guide")
    assert event.details["major"] is True and event.details["revision"]

    standard = factories.make_standard()
    assert _last_event("standard").details["major"] is False
    publish_major(standard, version="2.2")
    assert _last_event("standard").details["major"] is True


def test_other_kinds_carry_no_major_flag():
    factories.make_self_service_link()
    assert "major" not in _last_event("self_service_link").details


def test_the_flag_comes_from_the_published_revision_not_the_current_draft():
    guide = factories.make_guide()
    guide.major_update = True
    revision = guide.save_revision()  # submitted as major, e.g. for approval
    guide.major_update = False
    guide.save_revision()  # a later minor draft exists, but the approver publishes the first revision
    revision.publish()
    assert _last_event("guide").details["major"] is True


def test_a_minor_publish_sends_nothing(citizens):
    guide = factories.make_guide()
    services.subscribe(citizens[0], guide)
    publish_major(guide, major=False, summary="Stavefejl rettet.")
    drain()
    assert DigitalPostMessage.objects.count() == 0
    publish_major(guide, summary="Nye regler.")
    drain()
    assert DigitalPostMessage.objects.count() == 1


def test_scheduled_publishing_keeps_the_flag(citizens):
    guide = factories.make_guide()
    services.subscribe(citizens[0], guide)
    due = timezone.now() - timedelta(minutes=5)
    guide.major_update, guide.go_live_at = True, due
    guide.save_revision(approved_go_live_at=due)  # approved for later; the worker publishes it
    run_scheduled_publishing()
    drain()
    assert _last_event("guide").details["major"] is True
    assert DigitalPostMessage.objects.count() == 1


def test_the_edit_forms_offer_the_flag_unticked_after_a_major_publish(admin_client):
    guide = factories.make_guide()
    publish_major(guide)
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Væsentlig ændring – giv abonnenter besked" in content
    assert page.context["form"]["major_update"].value() is False

    standard = factories.make_standard()
    publish_major(standard)
    edit = admin_client.get(reverse("wagtailsnippets_content_models_standard:edit", args=[standard.pk]))
    assert "Væsentlig ændring – giv abonnenter besked" in edit.content.decode()
    assert edit.context["form"]["major_update"].value() is False


def test_a_waiting_draft_shows_its_own_choice(admin_client):
    guide = factories.make_guide()
    guide.major_update = True
    guide.save_revision()  # e.g. submitted for approval
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    assert page.context["form"]["major_update"].value() is True


def test_publishing_from_the_admin_with_the_box_ticked_notifies(admin_client, citizens):
    standard = factories.make_standard()
    services.subscribe(citizens[0], standard)
    url = reverse("wagtailsnippets_content_models_standard:edit", args=[standard.pk])
    form = admin_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name not in ("related", "major_update")}
    data.update({"title": "OIOUBL 2.2", "major_update": "on", "action-publish": "action-publish"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _last_event("standard").details["major"] is True
    drain()
    assert DigitalPostMessage.objects.get().title == "Ændring i OIOUBL 2.2"
