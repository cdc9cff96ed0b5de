"""Translations in the admin, over HTTP: "Opret engelsk oversættelse", the editor's header showing each language
version and an out-of-date translation, the report of every page by language status, and deleting a Danish page
that has translations."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from content_models import publishing
from content_models.models import GuidePage, PublishingEvent, StepByStepPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return factories.make_guide(sections=[("anmeld", "Anmeld din flytning", "<p>Senest 5 dage efter.</p>")])


@pytest.fixture
def national(client):
    client.force_login(factories.national_editor())
    return client


@pytest.fixture
def admin(client):
    """Deleting pages is an administrator's (national editors may not delete published pages)."""
    client.force_login(factories.UserFactory(is_superuser=True))
    return client


def english_of(page):
    return type(page).objects.filter(translation_key=page.translation_key, locale__language_code="en").first()


def test_an_editor_creates_the_english_translation_as_a_draft_to_translate(national, guide):
    edit = national.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    create_url = reverse("translation_create", args=[guide.pk])
    assert "Opret engelsk oversættelse" in edit.content.decode() and create_url in edit.content.decode()
    confirm = national.get(create_url)
    assert confirm.status_code == 200 and "Den starter som en kladde med den danske tekst" in confirm.content.decode()
    assert english_of(guide) is None  # a GET changes nothing

    response = national.post(create_url)
    translation = english_of(guide)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translation.pk])
    assert not translation.live and translation.get_url().startswith("/en/guides/")
    assert [s.key for s in translation.sections.all()] == ["anmeld"]  # the Danish text, to be translated
    assert not PublishingEvent.objects.filter(object_id=str(translation.pk)).exists()  # nothing public yet
    # A second one is not made: the editor lands on the existing translation.
    again = national.post(create_url)
    assert again["Location"] == reverse("wagtailadmin_pages:edit", args=[translation.pk])
    assert GuidePage.objects.filter(locale__language_code="en").count() == 1


def test_only_editors_of_the_page_may_create_its_translation(client, guide):
    client.force_login(factories.municipal_editor("101"))
    refused = client.post(reverse("translation_create", args=[guide.pk]), follow=True)
    assert "Du har ikke tilladelse" in refused.content.decode() or refused.redirect_chain[0][0] == "/admin/"
    assert english_of(guide) is None


def test_the_header_shows_the_language_versions_and_an_outdated_translation(national, guide):
    english = factories.make_guide("moving", "Moving", locale="en", translation_key=guide.translation_key)
    edit_danish = national.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).content.decode()
    assert "Engelsk: oversat" in edit_danish and "Opret engelsk oversættelse" not in edit_danish

    guide.major_update = True
    publishing.publish(guide)
    edit_danish = national.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).content.decode()
    edit_english = national.get(reverse("wagtailadmin_pages:edit", args=[english.pk])).content.decode()
    assert "Engelsk: forældet" in edit_danish
    assert "Forældet oversættelse" in edit_english and "Dansk: dansk kilde" in edit_english


def test_the_report_lists_every_page_by_language_status(national, guide):
    factories.make_guide("moving", "Moving", locale="en", translation_key=guide.translation_key)
    steps = factories.make_step_by_step()
    factories.make_step_by_step("buying-a-home", "Buying a home", locale="en", translation_key=steps.translation_key,
                                live=False)
    factories.make_teaching_module()
    factories.make_guide("only-english", "Only English", locale="en")
    guide.major_update = True
    publishing.publish(guide)

    body = national.get(reverse("translation_report")).content.decode()
    assert "Mangler engelsk: <strong>1</strong>" in body  # the teaching module
    assert "Engelsk kladde: <strong>1</strong>" in body and "Forældet: <strong>1</strong>" in body
    assert "Kun på engelsk: <strong>1</strong>" in body
    outdated = national.get(reverse("translation_report"), {"status": "foraeldet"}).content.decode()
    assert "Moving" in outdated and "Buying a home" not in outdated and "Only English" not in outdated


def test_deleting_a_danish_page_asks_what_becomes_of_its_translations(admin, guide):
    english = factories.make_guide("moving", "Moving", locale="en", translation_key=guide.translation_key)
    delete_url = reverse("wagtailadmin_pages:delete", args=[guide.pk])
    ask = admin.get(delete_url).content.decode()
    assert "er den danske kilde til en oversættelse" in ask and "Behold dem som selvstændige sider" in ask
    assert "Vælg, hvad der skal ske" in admin.post(delete_url).content.decode()  # no choice: nothing deleted
    assert GuidePage.objects.filter(pk=guide.pk).exists()

    admin.post(delete_url, {"oversaettelser": "keep"})
    assert not GuidePage.objects.filter(pk=guide.pk).exists()
    english.refresh_from_db()
    assert english.live and not Page.objects.filter(translation_key=english.translation_key).exclude(
        pk=english.pk).exists()  # a page of its own now


def test_deleting_a_danish_page_with_its_translations(admin):
    steps = factories.make_step_by_step()
    english = factories.make_step_by_step("buying-a-home", locale="en", translation_key=steps.translation_key)
    admin.post(reverse("wagtailadmin_pages:delete", args=[steps.pk]), {"oversaettelser": "delete"})
    assert not StepByStepPage.objects.filter(pk__in=[steps.pk, english.pk]).exists()
    deleted = set(PublishingEvent.objects.filter(action="DELETED").values_list("identifier", flat=True))
    assert deleted == {"koeb-af-bolig", "buying-a-home"}  # both leave the API, search and webhooks
