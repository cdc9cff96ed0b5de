"""The Wagtail admin, over HTTP: municipal editors reach only their own local variants; national
editors publish pages only through the review workflow that national approvers complete."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from content_models.models import (
    Authority,
    GuidePage,
    LocalText,
    Municipality,
    PublishingEvent,
    Region,
    SelfServiceUrlOverride,
    Standard,
    Topic,
)
from content_models.roles import REVIEW_TASK
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "wagtailsnippets_content_models_localtext"
URL_OVERRIDE = "wagtailsnippets_content_models_selfserviceurloverride"


# --- helpers ----------------------------------------------------------------------------------------


def municipality(code):
    return Municipality.objects.get(code=code)


def region(code):
    return Region.objects.get(code=code)


def events():
    return list(PublishingEvent.objects.values_list("kind", "identifier", "action"))


def assert_refused(response):
    """Wagtail answers a PermissionDenied in the admin with 403, or (for normal page loads) with a
    redirect to the dashboard carrying a permission error."""
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home"), response.url
        assert any(m.level == messages.ERROR for m in get_messages(response.wsgi_request))
    else:
        assert response.status_code == 403, response.status_code


def action_buttons(response):
    return set(re.findall(r'name="(action-[a-z-]+)"', response.content.decode()))


def sidebar_menu(client):
    """The admin's main menu as the browser receives it: the sidebar's JSON props."""
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', response.content.decode(), re.S
    ).group(1)
    return set(re.findall(r'"url": "([^"]+)"', props)), "PageExplorerMenuItem" in props


def text_state(text):
    """What a refused request must leave exactly as it was."""
    row = LocalText.objects.filter(pk=text.pk).values("body", "live", "locked", "municipality_id", "region_id").first()
    return row, Revision.objects.filter(object_id=str(text.pk), content_type__model="localtext").count()


def page_state(page):
    page = Page.objects.get(pk=page.pk).specific
    return (page.title, page.live, page.has_unpublished_changes, page.latest_revision_id,
            Revision.page_revisions.filter(object_id=str(page.pk)).count())


def edit_form_data(client, page):
    """The page's edit form as the browser would post it."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in list(data):
        if "__prefix__" in key:
            del data[key]
    # Browsers drop the newline that follows <textarea>; BeautifulSoup keeps it.
    for key in ("summary", "search_description"):
        data[key] = data[key].lstrip("\n")
    return data


@pytest.fixture
def guide():
    return factories.make_guide(sections=[
        ("anmeld", "Anmeld din flytning", "<p>Anmeld senest 5 dage efter.</p>"),
        ("frister", "Frister", "<p>Fristerne.</p>"),
    ])


@pytest.fixture
def texts(guide):
    return {
        "101": factories.make_local_text(guide, municipality=municipality("101"), body="<p>København.</p>"),
        "101-draft": factories.make_local_text(guide, section_key="frister", municipality=municipality("101"), live=False),
        "147": factories.make_local_text(guide, municipality=municipality("147"), body="<p>Frederiksberg.</p>"),
        "751": factories.make_local_text(guide, municipality=municipality("751"), body="<p>Aarhus.</p>"),
        "1084": factories.make_local_text(guide, region=region("1084"), body="<p>Hovedstaden.</p>"),
    }


@pytest.fixture
def copenhagen(client):
    client.force_login(factories.municipal_editor("101"))
    return client


# --- municipal editor: local variants -----------------------------------------------------------


def test_local_text_listing_shows_only_the_editors_own_municipality(copenhagen, texts):
    for url_name in ("list", "list_results"):
        response = copenhagen.get(reverse(f"{TEXT}:{url_name}"))
        assert response.status_code == 200
        assert {obj.pk for obj in response.context["object_list"]} == {texts["101"].pk, texts["101-draft"].pk}
        html = response.content.decode()
        for key, text in texts.items():
            assert (reverse(f"{TEXT}:edit", args=[text.pk]) in html) == key.startswith("101"), key


def test_url_override_listing_shows_only_the_editors_own_municipality(copenhagen):
    link = factories.make_self_service_link()
    own = factories.make_url_override(link, municipality=municipality("101"))
    factories.make_url_override(link, municipality=municipality("751"), url="https://aarhus.dk/flyt")
    factories.make_url_override(link, region=region("1084"), url="https://regionh.dk/flyt")
    response = copenhagen.get(reverse(f"{URL_OVERRIDE}:list"))
    assert response.status_code == 200
    assert [obj.pk for obj in response.context["object_list"]] == [own.pk]


def test_the_local_text_chooser_offers_only_the_editors_own_municipality(client, texts):
    chooser = "wagtailsnippetchoosers_content_models_localtext"
    own = {texts["101"].pk, texts["101-draft"].pk}
    client.force_login(factories.municipal_editor("101"))
    for url_name in ("choose", "choose_results"):
        response = client.get(reverse(f"{chooser}:{url_name}"))
        assert response.status_code == 200
        assert {obj.pk for obj in response.context["results"]} == own
        assert "Aarhus" not in response.content.decode()
    assert client.get(reverse(f"{chooser}:chosen", args=[texts["101"].pk])).status_code == 200
    for other in ("147", "751", "1084"):
        assert client.get(reverse(f"{chooser}:chosen", args=[texts[other].pk])).status_code == 404
    response = client.get(reverse(f"{chooser}:chosen_multiple"), {"id": [t.pk for t in texts.values()]})
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["result"]} == {str(pk) for pk in own}

    client.force_login(factories.national_editor())
    response = client.get(reverse(f"{chooser}:choose_results"))
    assert {obj.pk for obj in response.context["results"]} == {t.pk for t in texts.values()}


@pytest.mark.parametrize("other", ["751", "1084"])
def test_every_view_of_another_places_local_text_is_refused(copenhagen, texts, other):
    text = texts[other]
    revision = text.latest_revision_id
    urls = [
        reverse(f"{TEXT}:edit", args=[text.pk]),
        reverse(f"{TEXT}:delete", args=[text.pk]),
        reverse(f"{TEXT}:unpublish", args=[text.pk]),
        reverse(f"{TEXT}:history", args=[text.pk]),
        reverse(f"{TEXT}:history_results", args=[text.pk]),
        reverse(f"{TEXT}:usage", args=[text.pk]),
        reverse(f"{TEXT}:copy", args=[text.pk]),
        reverse(f"{TEXT}:revisions_compare", args=[text.pk, "earliest", "latest"]),
        reverse(f"{TEXT}:revisions_revert", args=[text.pk, revision]),
        reverse(f"{TEXT}:revisions_unschedule", args=[text.pk, revision]),
    ]
    for url in urls:
        assert_refused(copenhagen.get(url))


@pytest.mark.parametrize("other", ["751", "1084"])
def test_posts_against_another_places_local_text_change_nothing(copenhagen, guide, texts, other):
    text = texts[other]
    before, before_events = text_state(text), events()
    hijack = {
        "guide": guide.pk, "section_key": "anmeld", "municipality": municipality("101").pk,
        "body": rich_text("<p>Overtaget af København.</p>"), "action-publish": "action-publish",
    }
    posts = [
        (reverse(f"{TEXT}:edit", args=[text.pk]), hijack),
        (reverse(f"{TEXT}:revisions_revert", args=[text.pk, text.latest_revision_id]), hijack),
        (reverse(f"{TEXT}:delete", args=[text.pk]), {}),
        (reverse(f"{TEXT}:unpublish", args=[text.pk]), {}),
        (reverse(f"{TEXT}:lock", args=[text.pk]), {}),
        (reverse(f"{TEXT}:unlock", args=[text.pk]), {}),
    ]
    for url, data in posts:
        assert_refused(copenhagen.post(url, data))
        assert text_state(text) == before, url
    assert events() == before_events
    assert LocalText.objects.filter(municipality__code="101", section_key="anmeld").count() == 1


def test_bulk_delete_removes_only_the_editors_own_local_texts(copenhagen, texts):
    url = reverse("wagtail_bulk_action", args=["content_models", "localtext", "delete"])
    ids = [t.pk for t in texts.values()]
    response = copenhagen.get(url, {"id": ids})
    assert response.status_code == 200
    response = copenhagen.post(f"{url}?{'&'.join(f'id={pk}' for pk in ids)}")
    assert response.status_code == 302
    remaining = set(LocalText.objects.values_list("pk", flat=True))
    assert remaining == {texts[k].pk for k in ("147", "751", "1084")}
    # Only the published one of the two deleted texts was ever seen by consumers.
    assert [(i, a) for k, i, a in events() if a == "DELETED"] == [("flytning/anmeld/101", "DELETED")]


def test_another_municipalitys_url_override_cannot_be_edited_or_deleted(copenhagen):
    link = factories.make_self_service_link()
    aarhus = factories.make_url_override(link, municipality=municipality("751"), url="https://aarhus.dk/flyt")
    assert_refused(copenhagen.get(reverse(f"{URL_OVERRIDE}:edit", args=[aarhus.pk])))
    assert_refused(copenhagen.post(
        reverse(f"{URL_OVERRIDE}:edit", args=[aarhus.pk]),
        {"link": link.pk, "municipality": municipality("751").pk, "url": "https://evil.example", "action-publish": "1"},
    ))
    assert_refused(copenhagen.post(reverse(f"{URL_OVERRIDE}:delete", args=[aarhus.pk])))
    aarhus.refresh_from_db()
    assert aarhus.url == "https://aarhus.dk/flyt" and aarhus.live


def test_the_add_form_offers_only_the_editors_own_municipality_and_no_region(copenhagen, guide):
    response = copenhagen.get(reverse(f"{TEXT}:add"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["municipality"].queryset) == [municipality("101")]
    assert "region" not in form.fields


@pytest.mark.parametrize("place", [{"municipality": "751"}, {"region": "1084"}, {}], ids=["aarhus", "region", "none"])
def test_creating_a_local_text_for_another_place_is_rejected_and_nothing_is_created(copenhagen, guide, place):
    data = {"guide": guide.pk, "section_key": "anmeld", "body": rich_text("<p>Ikke vores.</p>"),
            "action-publish": "action-publish"}
    if "municipality" in place:
        data["municipality"] = municipality(place["municipality"]).pk
    if "region" in place:
        data["region"] = region(place["region"]).pk
    before = events()
    response = copenhagen.post(reverse(f"{TEXT}:add"), data)
    assert response.status_code in (200, 400)
    assert response.context["form"].errors
    assert not LocalText.objects.exists()
    assert events() == before


def test_moving_an_own_text_to_another_municipality_is_rejected(copenhagen, guide, texts):
    text = texts["101"]
    before = text_state(text)
    response = copenhagen.post(reverse(f"{TEXT}:edit", args=[text.pk]), {
        "guide": guide.pk, "section_key": "anmeld", "municipality": municipality("751").pk,
        "body": rich_text("<p>Nu Aarhus.</p>"), "action-publish": "action-publish",
    })
    assert response.status_code in (200, 400)
    assert "municipality" in response.context["form"].errors
    assert text_state(text) == before


def test_a_municipal_editor_creates_and_publishes_own_local_text(copenhagen, guide):
    before = events()
    response = copenhagen.post(reverse(f"{TEXT}:add"), {
        "guide": guide.pk, "section_key": "anmeld", "municipality": municipality("101").pk,
        "body": rich_text("<p>Book tid i Borgerservice.</p>"), "action-publish": "action-publish",
    })
    assert response.status_code == 302
    text = LocalText.objects.get()
    assert text.municipality.code == "101" and text.live
    assert text.body == "<p>Book tid i Borgerservice.</p>"
    assert events()[len(before):] == [("local_text", "flytning/anmeld/101", "PUBLISHED")]


def test_a_municipal_editor_saves_a_draft_then_publishes_and_unpublishes_it(copenhagen, guide):
    start = len(events())
    data = {"guide": guide.pk, "section_key": "frister", "municipality": municipality("101").pk,
            "body": rich_text("<p>Kladde.</p>")}
    assert copenhagen.post(reverse(f"{TEXT}:add"), data).status_code == 302
    text = LocalText.objects.get()
    assert not text.live and events()[start:] == []

    edit = copenhagen.get(reverse(f"{TEXT}:edit", args=[text.pk]))
    assert edit.status_code == 200 and "action-publish" in action_buttons(edit)
    response = copenhagen.post(reverse(f"{TEXT}:edit", args=[text.pk]), {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.live

    assert copenhagen.post(reverse(f"{TEXT}:unpublish", args=[text.pk])).status_code == 302
    text.refresh_from_db()
    assert not text.live
    assert copenhagen.post(reverse(f"{TEXT}:delete", args=[text.pk])).status_code == 302
    assert not LocalText.objects.exists()
    assert [a for k, i, a in events()[start:]] == ["PUBLISHED", "UNPUBLISHED", "DELETED"]


def test_a_municipal_editor_manages_own_url_override(copenhagen):
    link = factories.make_self_service_link()
    response = copenhagen.post(reverse(f"{URL_OVERRIDE}:add"), {
        "link": link.pk, "municipality": municipality("101").pk, "url": "https://www.kk.dk/flyt",
        "action-publish": "action-publish",
    })
    assert response.status_code == 302
    override = SelfServiceUrlOverride.objects.get()
    assert override.live and override.url == "https://www.kk.dk/flyt"
    assert events()[-1] == ("self_service_url", "anmeld-flytning/101", "PUBLISHED")


# --- municipal editor: national content is out of reach -------------------------------------------


def test_a_municipal_editor_cannot_edit_a_national_guide_page(client, guide):
    client.force_login(factories.national_editor())
    data = edit_form_data(client, guide)  # a valid form, as a national editor would post it
    data["title"] = "Kapret af København"
    client.force_login(factories.municipal_editor("101"))
    before, before_events = page_state(guide), events()

    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])))
    for action in ({}, {"action-publish": "action-publish"}, {"action-submit": "action-submit"}):
        data.update(action)
        assert_refused(client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data))
    assert page_state(guide) == before
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning"
    assert events() == before_events


def test_the_page_explorer_and_page_actions_are_not_available_to_a_municipal_editor(copenhagen, guide):
    index = guide.get_parent()
    refused = [
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_pages:add", args=["content_models", "guidepage", index.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[guide.pk]),
        reverse("wagtailadmin_pages:delete", args=[guide.pk]),
        reverse("wagtailadmin_pages:history", args=[guide.pk]),
    ]
    for url in refused:
        assert_refused(copenhagen.get(url))
    assert_refused(copenhagen.post(reverse("wagtailadmin_pages:unpublish", args=[guide.pk])))
    assert_refused(copenhagen.post(reverse("wagtailadmin_pages:delete", args=[guide.pk])))
    guide.refresh_from_db()
    assert guide.live

    urls, has_page_explorer = sidebar_menu(copenhagen)
    assert not has_page_explorer
    assert {reverse(f"{TEXT}:list"), reverse(f"{URL_OVERRIDE}:list")} <= urls


@pytest.mark.parametrize("model, data", [
    (Topic, {"slug": "kapret", "title": "Kapret"}),
    (Authority, {"slug": "kapret", "name": "Kapret", "type": "state"}),
    (Standard, {"identifier": "KAPRET-1", "title": "Kapret", "category": "standard"}),
], ids=["topic", "authority", "standard"])
def test_a_municipal_editor_cannot_add_or_change_catalogue_snippets(copenhagen, model, data):
    namespace = f"wagtailsnippets_content_models_{model._meta.model_name}"
    before = model.objects.count()
    assert_refused(copenhagen.get(reverse(f"{namespace}:list")))
    assert_refused(copenhagen.get(reverse(f"{namespace}:add")))
    assert_refused(copenhagen.post(reverse(f"{namespace}:add"), {**data, "action-publish": "action-publish"}))
    assert model.objects.count() == before
    urls, _ = sidebar_menu(copenhagen)
    assert reverse(f"{namespace}:list") not in urls


def test_national_editors_menu_has_pages_and_catalogues(client):
    client.force_login(factories.national_editor())
    urls, has_page_explorer = sidebar_menu(client)
    assert has_page_explorer
    assert {reverse(f"wagtailsnippets_content_models_{m}:list") for m in ("topic", "authority", "standard")} <= urls


def test_a_municipal_editor_cannot_change_an_existing_topic(copenhagen):
    topic = factories.TopicFactory(slug="bolig", title="Bolig")
    assert_refused(copenhagen.get(reverse("wagtailsnippets_content_models_topic:edit", args=[topic.pk])))
    assert_refused(copenhagen.post(
        reverse("wagtailsnippets_content_models_topic:edit", args=[topic.pk]), {"slug": "bolig", "title": "Kapret"}
    ))
    assert_refused(copenhagen.post(reverse("wagtailsnippets_content_models_topic:delete", args=[topic.pk])))
    topic.refresh_from_db()
    assert topic.title == "Bolig"


# --- national editors and approvers: the review workflow -------------------------------------------


def test_national_editor_sees_no_publish_action_and_cannot_publish_by_posting_it(client, guide):
    client.force_login(factories.national_editor())
    response = client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    assert response.status_code == 200
    assert "action-publish" not in action_buttons(response)
    assert "action-submit" in action_buttons(response)

    data = edit_form_data(client, guide)
    data["title"] = "Flytning og adresseændring"
    data["action-publish"] = "action-publish"
    before = events()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 302
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.live and page.title == "Flytning"  # the live version is untouched
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Flytning og adresseændring"  # kept as a draft
    assert events() == before


def test_national_editor_cannot_make_a_draft_page_live(client):
    draft = factories.make_guide(slug="ny-vejledning", title="Ny vejledning", live=False)
    client.force_login(factories.national_editor())
    data = edit_form_data(client, draft)
    data["action-publish"] = "action-publish"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data).status_code == 302
    assert not GuidePage.objects.get(pk=draft.pk).live
    assert_refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[draft.pk])))
    assert events() == []


def _submit_for_review(client, guide, title):
    data = edit_form_data(client, guide)
    data["title"] = title
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 302
    workflow_state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(guide.pk))
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    return workflow_state.current_task_state


def _approve_url(guide, task_state, action="approve"):
    return reverse("wagtailadmin_pages:workflow_action", args=[guide.pk, action, task_state.pk])


def test_submitted_page_goes_live_only_when_a_national_approver_approves(client, guide):
    editor, approver = factories.national_editor(), factories.national_approver()
    client.force_login(editor)
    before = events()
    task_state = _submit_for_review(client, guide, "Flytning og adresseændring")
    assert task_state.task.name == REVIEW_TASK
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.title == "Flytning" and page.workflow_in_progress
    assert events() == before  # submitting publishes nothing

    # Neither the submitting editor nor a municipal editor may approve.
    assert_refused(client.post(_approve_url(guide, task_state), {"comment": ""}))
    client.force_login(factories.municipal_editor("101"))
    assert_refused(client.post(_approve_url(guide, task_state), {"comment": ""}))
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning"
    assert events() == before

    client.force_login(approver)
    response = client.post(_approve_url(guide, task_state), {"comment": "Godkendt."})
    assert response.status_code == 302
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.live and page.title == "Flytning og adresseændring" and not page.has_unpublished_changes
    assert events()[len(before):] == [("guide", "flytning", "PUBLISHED")]
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == approver


def test_a_rejected_submission_stays_unpublished(client, guide):
    client.force_login(factories.national_editor())
    task_state = _submit_for_review(client, guide, "Forkert titel")
    before = events()
    client.force_login(factories.national_approver())
    assert client.post(_approve_url(guide, task_state, "reject"), {"comment": "Nej."}).status_code == 302
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.title == "Flytning" and not page.workflow_in_progress
    assert events() == before


def test_a_national_approver_publishes_directly(client, guide):
    client.force_login(factories.national_approver())
    response = client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk]))
    assert "action-publish" in action_buttons(response)
    data = edit_form_data(client, guide)
    data["title"] = "Flytning 2026"
    data["action-publish"] = "action-publish"
    before = len(events())
    assert client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data).status_code == 302
    assert GuidePage.objects.get(pk=guide.pk).title == "Flytning 2026"
    assert events()[before:] == [("guide", "flytning", "PUBLISHED")]


def test_national_editor_edits_any_local_text_but_cannot_publish_it(client, guide, texts):
    client.force_login(factories.national_editor())
    text = texts["751"]
    response = client.get(reverse(f"{TEXT}:list"))
    assert {obj.pk for obj in response.context["object_list"]} == {t.pk for t in texts.values()}
    edit = client.get(reverse(f"{TEXT}:edit", args=[text.pk]))
    assert edit.status_code == 200
    assert "action-publish" not in action_buttons(edit)
    before = events()
    response = client.post(reverse(f"{TEXT}:edit", args=[text.pk]), {
        "guide": guide.pk, "section_key": "anmeld", "municipality": municipality("751").pk,
        "body": rich_text("<p>Aarhus, rettet.</p>"), "action-publish": "action-publish",
    })
    assert response.status_code == 302  # saved, but only as a draft
    text.refresh_from_db()
    assert text.body == "<p>Aarhus.</p>" and text.live
    assert text.get_latest_revision_as_object().body == "<p>Aarhus, rettet.</p>"
    assert events() == before
    assert_refused(client.post(reverse(f"{TEXT}:unpublish", args=[text.pk])))
    text.refresh_from_db()
    assert text.live
