"""Scheduled publishing and expiry: the worker makes due content live or takes it down, with its event."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from content_models import publishing
from content_models.models import GuidePage, LocalText, Municipality, PublishingEvent
from tests import factories

pytestmark = pytest.mark.django_db


def events():
    return list(PublishingEvent.objects.values_list("kind", "identifier", "action"))


def run_worker():
    call_command("run_worker", "--once")


@pytest.fixture
def clock(monkeypatch):
    """Move Django's clock forward: every ``timezone.now()`` (Wagtail's scheduler included) sees it."""
    real_now = timezone.now

    class Clock:
        offset = timedelta(0)

        def advance(self, delta):
            self.offset += delta

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock.offset)
    return clock


def copenhagen():
    return Municipality.objects.get(code="101")


# --- pages ---------------------------------------------------------------------------------------------


def test_an_approved_revision_whose_time_has_come_is_published_by_the_worker():
    guide = factories.make_guide(live=False)
    due = timezone.now() - timedelta(minutes=5)
    guide.go_live_at = due
    guide.save_revision(approved_go_live_at=due)
    assert not GuidePage.objects.get(pk=guide.pk).live
    assert events() == []

    run_worker()

    guide = GuidePage.objects.get(pk=guide.pk)
    assert guide.live and guide.live_revision_id == guide.latest_revision_id
    assert events() == [("guide", "flytning", "PUBLISHED")]
    assert not guide.revisions.filter(approved_go_live_at__isnull=False).exists()

    run_worker()  # a second pass has nothing left to do
    assert events() == [("guide", "flytning", "PUBLISHED")]


def test_a_change_to_a_live_page_scheduled_for_later_goes_live_only_when_due(clock):
    guide = factories.make_guide()
    guide.title = "Flytning og adresseændring"
    guide.go_live_at = timezone.now() + timedelta(hours=1)
    publishing.publish(guide, user=factories.national_approver())
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning"  # the live version stays until then
    assert events() == [("guide", "flytning", "PUBLISHED")]

    run_worker()
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning"
    assert len(events()) == 1

    clock.advance(timedelta(hours=2))
    run_worker()
    guide = GuidePage.objects.get(pk=guide.pk)
    assert guide.live and guide.title == "Flytning og adresseændring"
    assert events() == [("guide", "flytning", "PUBLISHED")] * 2


def test_a_new_page_scheduled_for_later_stays_offline_until_due(clock):
    guide = factories.make_guide(live=False)
    guide.go_live_at = timezone.now() + timedelta(hours=1)
    publishing.publish(guide, user=factories.national_approver())
    run_worker()
    assert not GuidePage.objects.get(pk=guide.pk).live

    clock.advance(timedelta(hours=2))
    run_worker()
    assert GuidePage.objects.get(pk=guide.pk).live
    assert events()[-1] == ("guide", "flytning", "PUBLISHED")


@pytest.mark.parametrize("kind", ["guide", "local_text"])
def test_scheduling_a_never_published_item_appends_no_event(kind):
    guide = factories.make_guide(live=kind != "guide")
    item = guide if kind == "guide" else factories.make_local_text(guide, municipality=copenhagen(), live=False)
    start = len(events())
    item.go_live_at = timezone.now() + timedelta(hours=1)
    publishing.publish(item)
    assert not type(item).objects.get(pk=item.pk).live
    assert events()[start:] == []  # nothing is live yet, so consumers must not hear of it


def test_an_expired_page_is_unpublished_by_the_worker(clock):
    guide = factories.make_guide(live=False)
    guide.expire_at = timezone.now() + timedelta(hours=1)
    publishing.publish(guide)
    run_worker()
    assert GuidePage.objects.get(pk=guide.pk).live

    clock.advance(timedelta(hours=2))
    run_worker()
    guide = GuidePage.objects.get(pk=guide.pk)
    assert not guide.live and guide.expired
    assert events() == [("guide", "flytning", "PUBLISHED"), ("guide", "flytning", "UNPUBLISHED")]

    run_worker()
    assert len(events()) == 2


def test_a_live_page_whose_expiry_has_passed_is_unpublished():
    guide = factories.make_guide()
    GuidePage.objects.filter(pk=guide.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    run_worker()
    assert not GuidePage.objects.get(pk=guide.pk).live
    assert events()[-1] == ("guide", "flytning", "UNPUBLISHED")


# --- local texts (snippets with DraftStateMixin) -------------------------------------------------------


def test_a_local_text_revision_due_for_publishing_is_published_by_the_worker():
    guide = factories.make_guide()
    text = factories.make_local_text(guide, municipality=copenhagen(), live=False)
    due = timezone.now() - timedelta(minutes=5)
    text.go_live_at = due
    text.save_revision(approved_go_live_at=due)
    start = len(events())

    run_worker()

    text.refresh_from_db()
    assert text.live
    assert events()[start:] == [("local_text", "flytning/anmeld/101", "PUBLISHED")]


def test_a_change_to_a_live_local_text_scheduled_for_later_goes_live_only_when_due(clock):
    guide = factories.make_guide()
    text = factories.make_local_text(guide, municipality=copenhagen(), body="<p>Gammel.</p>")
    start = len(events())
    text.body = "<p>Ny fra 1. januar.</p>"
    text.go_live_at = timezone.now() + timedelta(hours=1)
    publishing.publish(text, user=factories.municipal_editor("101"))
    run_worker()
    text.refresh_from_db()
    assert text.body == "<p>Gammel.</p>"
    assert events()[start:] == []

    clock.advance(timedelta(hours=2))
    run_worker()
    text.refresh_from_db()
    assert text.live and text.body == "<p>Ny fra 1. januar.</p>"
    assert events()[start:] == [("local_text", "flytning/anmeld/101", "PUBLISHED")]


def test_an_expired_local_text_is_unpublished_by_the_worker(clock):
    guide = factories.make_guide()
    text = factories.make_local_text(guide, municipality=copenhagen(), live=False)
    text.expire_at = timezone.now() + timedelta(hours=1)
    publishing.publish(text)
    start = len(events())
    run_worker()
    assert LocalText.objects.get(pk=text.pk).live

    clock.advance(timedelta(hours=2))
    run_worker()
    text = LocalText.objects.get(pk=text.pk)
    assert not text.live and text.expired
    assert events()[start:] == [("local_text", "flytning/anmeld/101", "UNPUBLISHED")]


# --- through the review workflow --------------------------------------------------------------------


def test_a_change_approved_in_the_review_workflow_with_a_go_live_date_waits_for_the_worker(clock):
    editor, approver = factories.national_editor(), factories.national_approver()
    guide = factories.make_guide()
    guide.title = "Flytning fra nytår"
    guide.go_live_at = timezone.now() + timedelta(days=1)
    guide.save_revision(user=editor)
    workflow_state = guide.get_workflow().start(guide, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, approver, "approve")

    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_APPROVED
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning"  # approved, but not due yet
    assert events() == [("guide", "flytning", "PUBLISHED")]
    run_worker()
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning"

    clock.advance(timedelta(days=1, minutes=1))
    run_worker()
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning fra nytår"
    assert events() == [("guide", "flytning", "PUBLISHED")] * 2
