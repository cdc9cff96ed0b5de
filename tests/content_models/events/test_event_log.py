"""The publishing event log: one event per publish/unpublish/delete, none for drafts."""

import pytest
from django.db import transaction

from content_models import publishing
from content_models.models import Municipality, PublishingEvent
from content_models.models.events import AppendOnlyError
from tests import factories

pytestmark = pytest.mark.django_db


def events():
    return list(PublishingEvent.objects.values_list("kind", "identifier", "action"))


def test_draft_save_appends_no_event():
    guide = factories.make_guide(live=False)
    guide.title = "Flytning (kladde)"
    publishing.save_draft(guide)
    assert events() == []


def test_each_publish_appends_exactly_one_event():
    guide = factories.make_guide()
    assert events() == [("guide", "flytning", "PUBLISHED")]
    guide.title = "Flytning og adresseændring"
    publishing.publish(guide)
    assert events() == [("guide", "flytning", "PUBLISHED")] * 2


def test_draft_of_a_live_page_appends_nothing_and_keeps_the_live_version():
    guide = factories.make_guide()
    guide.summary = "Ny kladde"
    publishing.save_draft(guide)
    guide.refresh_from_db()
    assert guide.summary != "Ny kladde"
    assert len(events()) == 1


def test_unpublish_and_delete_of_every_kind_are_logged():
    items = [
        factories.make_guide(),
        factories.make_self_service_link(),
        factories.make_step_by_step(),
        factories.make_teaching_module(),
        factories.make_standard(),
    ]
    for item in items:
        publishing.unpublish(item)
    for item in items:
        publishing.delete(item)
    kinds = ["guide", "self_service_link", "step_by_step", "teaching_module", "standard"]
    assert [(k, a) for k, _, a in events()] == (
        [(k, "PUBLISHED") for k in kinds] + [(k, "UNPUBLISHED") for k in kinds] + [(k, "DELETED") for k in kinds]
    )


def test_local_variants_are_logged_with_place_in_identifier():
    guide = factories.make_guide()
    aarhus = Municipality.objects.get(code="751")
    local_text = factories.make_local_text(guide, municipality=aarhus)
    link = factories.make_self_service_link()
    factories.make_url_override(link, municipality=aarhus, url="https://aarhus.dk/flyt")
    publishing.unpublish(local_text)
    assert events()[1:] == [
        ("local_text", "flytning/anmeld/751", "PUBLISHED"),
        ("self_service_link", "anmeld-flytning", "PUBLISHED"),
        ("self_service_url", "anmeld-flytning/751", "PUBLISHED"),
        ("local_text", "flytning/anmeld/751", "UNPUBLISHED"),
    ]


def test_deleting_a_never_published_draft_reveals_nothing():
    guide = factories.make_guide(slug="hemmelig-kladde", live=False)
    publishing.delete(guide)
    assert events() == []


def test_deleting_a_guide_logs_its_published_local_texts_too():
    guide = factories.make_guide()
    factories.make_local_text(guide, municipality=Municipality.objects.get(code="101"))
    publishing.delete(guide)
    assert ("local_text", "flytning/anmeld/101", "DELETED") in events()
    assert ("guide", "flytning", "DELETED") in events()


def test_renaming_a_live_item_deletes_the_old_identifier_and_redirects_it():
    guide = factories.make_guide()
    guide.slug = "flytning-og-adresse"
    publishing.publish(guide)
    assert events() == [
        ("guide", "flytning", "PUBLISHED"),
        ("guide", "flytning", "DELETED"),
        ("guide", "flytning", "REDIRECTED"),
        ("guide", "flytning-og-adresse", "PUBLISHED"),
    ]
    redirect = PublishingEvent.objects.get(action="REDIRECTED")
    assert redirect.details == {"redirect_to": "flytning-og-adresse"}


def test_a_failed_publish_leaves_neither_change_nor_event():
    guide = factories.make_guide(live=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        publishing.publish(guide)
        raise RuntimeError("boom after publish")
    guide.refresh_from_db()
    assert not guide.live
    assert events() == []


def test_the_log_is_append_only():
    factories.make_guide()
    event = PublishingEvent.objects.get()
    event.action = "DELETED"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
