"""Renamed, moved and unpublished pages keep their old addresses answering (301 or 410)."""

import pytest
from django.urls import reverse

from content_models import publishing
from content_models.models import PublishingEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_renamed_page_redirects_its_old_url(client, django_capture_on_commit_callbacks):
    guide = factories.make_guide()
    old = guide.url
    with django_capture_on_commit_callbacks(execute=True):
        guide.slug = "flytning-og-adresse"
        publishing.publish(guide)
    response = client.get(old)
    assert response.status_code == 301 and response["Location"].endswith("/flytning-og-adresse/")
    assert client.get(response["Location"]).status_code == 200


@pytest.fixture
def approver_client(client):
    client.force_login(factories.national_approver())
    return client


def test_unpublishing_as_gone_answers_410_and_shows_where_it_was_used(approver_client):
    link = factories.make_self_service_link()
    factories.make_guide(links=[link])
    old = link.get_url()  # (a link's .url is its national eService address)
    form = approver_client.get(reverse("unpublish_with_redirect", args=[link.pk])).content.decode()
    assert "Her bruges siden" in form and "Flytning" in form
    response = approver_client.post(reverse("unpublish_with_redirect", args=[link.pk]), {"outcome": "gone"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert not link.live
    gone = approver_client.get(old)
    assert gone.status_code == 410, gone.get("Location")
    assert "Siden er fjernet" in gone.content.decode()


def test_unpublishing_with_a_redirect_sends_citizens_and_partners_on(approver_client, gql_client=None):
    old_guide = factories.make_guide(slug="gammel")
    new_guide = factories.make_guide(slug="ny", title="Ny")
    old = old_guide.url
    approver_client.post(reverse("unpublish_with_redirect", args=[old_guide.pk]),
                         {"outcome": "redirect", "target": new_guide.pk})
    response = approver_client.get(old)
    assert response.status_code == 301 and response["Location"].endswith(new_guide.url)
    event = PublishingEvent.objects.filter(identifier="gammel").order_by("sequence").last()
    assert (event.action, event.details["redirect_to"]) == ("REDIRECTED", "ny")


def test_a_redirect_needs_a_target_and_says_so_in_danish(approver_client):
    guide = factories.make_guide()
    response = approver_client.post(reverse("unpublish_with_redirect", args=[guide.pk]), {"outcome": "redirect"})
    assert "Vælg den side, adressen skal sende videre til." in response.content.decode()
    guide.refresh_from_db()
    assert guide.live


def test_editors_without_publish_rights_cannot_unpublish(client):
    guide = factories.make_guide()
    client.force_login(factories.national_editor())
    assert client.get(reverse("unpublish_with_redirect", args=[guide.pk])).status_code in (302, 403)


def test_deleting_a_topic_shows_the_pages_that_use_it_first(client):
    from content_models.models import Topic

    topic = factories.TopicFactory(slug="bolig", title="Bolig")
    factories.make_guide(topics=[topic])
    factories.make_self_service_link(topics=[topic])
    client.force_login(factories.UserFactory(is_superuser=True))
    html = client.get(reverse("wagtailsnippets_content_models_topic:delete", args=[topic.pk])).content.decode()
    assert "Her bruges Bolig" in html
    assert "Vejledning: <strong>Flytning</strong>" in html and "<strong>Anmeld flytning</strong>" in html
    assert Topic.objects.filter(pk=topic.pk).exists()

