"""Editors preview drafts in the citizen site's templates, exactly as they will look, and never cached."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from content_models.models import LocalText
from tests.factories import UserFactory

from .conftest import LOCAL_TEXT

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Kladde: fra næste år anmelder du flytning i appen."


@pytest.fixture
def editor(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def guide_form(guide, body):
    sections = [
        {"id": s.pk, "key": s.key, "heading": s.heading, "body": rich_text(body if s.key == "anmeld" else s.body)}
        for s in guide.sections.all()
    ]
    return nested_form_data(
        {
            "title": guide.title, "slug": guide.slug, "summary": guide.summary,
            "topics": [t.pk for t in guide.topics.all()],
            "self_service_links": [link.pk for link in guide.self_service_links.all()],
            "sections": inline_formset(sections, initial=len(sections)),
            "comments": inline_formset([]),
        }
    )


def assert_private(response):
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_preview_of_a_draft_guide_shows_the_draft_in_the_frontend(client, editor, portal):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[portal.guide.pk])
    stored = client.post(url, guide_form(portal.guide, f"<p>{DRAFT_TEXT}</p>"))
    assert stored.status_code == 200 and stored.json()["is_valid"] is True, stored.content
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert DRAFT_TEXT in body and "/static/vendor/dkfds/css/dkfds.min.css" in body
    assert 'class="accordion guide-sections"' in body
    assert_private(response)
    # The published page is unchanged.
    assert DRAFT_TEXT not in client.get("/vejledninger/flytning/").content.decode()


def test_preview_of_a_saved_draft_revision(client, editor, portal):
    guide = portal.guide
    sections = list(guide.sections.all())
    sections[0].body = f"<p>{DRAFT_TEXT}</p>"
    guide.sections = sections  # the page's in-memory children are what a revision stores
    revision = guide.save_revision(user=editor)
    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=[guide.pk, revision.pk]))
    assert response.status_code == 200 and DRAFT_TEXT in response.content.decode()
    assert_private(response)


def test_preview_of_a_draft_local_text_renders_the_guide_with_it(client, editor, portal):
    local_text = LocalText.objects.get(guide=portal.guide, section_key="anmeld", municipality=portal.aarhus)
    url = reverse("wagtailsnippets_content_models_localtext:preview_on_edit", args=[local_text.pk])
    data = nested_form_data(
        {"guide": portal.guide.pk, "section_key": "anmeld", "municipality": portal.aarhus.pk, "region": "",
         "body": rich_text(f"<p>{DRAFT_TEXT}</p>")}
    )
    stored = client.post(url, data)
    assert stored.status_code == 200 and stored.json()["is_valid"] is True, stored.content
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert DRAFT_TEXT in body and LOCAL_TEXT not in body
    assert "Lokal information fra Aarhus Kommune" in body and "<h1>Flytning</h1>" in body
    assert_private(response)
    # Citizens still see the published local text.
    assert LOCAL_TEXT in client.get("/vejledninger/flytning/?kommune=751").content.decode()
