"""The editor's day over HTTP: local content beside the national text, choosers, dashboards, conflicts."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from content_models import publishing
from content_models.local_variants.services import EditConflict, save_local_text
from content_models.models import LinkStatus, LocalText, Municipality
from tests import factories

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_content_models_localtext:add")


def aarhus():
    return Municipality.objects.get(code="751")


@pytest.fixture
def guide():
    guide = factories.make_guide(sections=[
        ("anmeld", "Anmeld din flytning", "<p>Senest 5 dage efter.</p>"),
        ("soeg-i-god-tid", "Søg i god tid", "<p>Søg tre måneder før.</p>"),
    ])
    factories.make_local_text(guide, "anmeld", municipality=aarhus(), body="<p>Dokk1 hjælper.</p>")
    factories.make_local_text(guide, "anmeld", municipality=Municipality.objects.get(code="101"),
                              body="<p>Københavns Borgerservice.</p>")
    return guide


@pytest.fixture
def aarhus_editor(client):
    client.force_login(factories.municipal_editor("751"))
    return client


def test_the_guide_page_shows_each_section_with_the_national_and_own_local_text(aarhus_editor, guide):
    html = aarhus_editor.get(reverse("local_content:item", args=[guide.pk])).content.decode()
    assert "Anmeld din flytning" in html and "Søg i god tid" in html
    assert "Senest 5 dage efter." in html and "Dokk1 hjælper." in html
    assert "Københavns Borgerservice." not in html  # another municipality's text
    assert f"{guide.url}?kommune=751" in html  # the preview as Aarhus' citizens see it
    add = re.findall(r'href="([^"]*localtext/add/[^"]*)"', html)
    assert len(add) == 1 and "section_key=soeg-i-god-tid" in add[0].replace("&amp;", "&")


def test_the_add_form_offers_sections_by_heading_and_the_editors_municipality(aarhus_editor, guide):
    html = aarhus_editor.get(f"{ADD}?guide={guide.pk}&section_key=soeg-i-god-tid").content.decode()
    assert '<option value="soeg-i-god-tid" selected>Søg i god tid</option>' in html
    municipality_select = re.search(r'<select name="municipality".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", municipality_select) == ["Aarhus"]
    assert "---------" not in municipality_select


def test_adding_from_the_form_saves_under_the_chosen_section(aarhus_editor, guide):
    response = aarhus_editor.post(ADD, {
        "guide": guide.pk, "section_key": "soeg-i-god-tid", "municipality": aarhus().pk,
        "body": rich_text("<p>Aarhus: søg på aarhus.dk.</p>"),
    })
    assert response.status_code == 302
    assert LocalText.objects.get(section_key="soeg-i-god-tid").municipality == aarhus()


@pytest.mark.parametrize("posted, message", [
    ({"section_key": "søg-i-god-tid"}, "Der er intet afsnit med nøglen »søg-i-god-tid«; vælg et afsnit på listen."),
    ({"municipality": "other"}, "Du kan kun redigere lokalt indhold for din egen kommune."),
])
def test_bad_input_gets_a_danish_error_and_nothing_is_saved(aarhus_editor, guide, posted, message):
    data = {"guide": guide.pk, "section_key": "soeg-i-god-tid", "municipality": aarhus().pk,
            "body": rich_text("<p>Tekst.</p>"), **posted}
    if data["municipality"] == "other":
        data["municipality"] = Municipality.objects.get(code="101").pk
    before = LocalText.objects.count()
    response = aarhus_editor.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "nøglen »«" not in response.content.decode()
    assert LocalText.objects.count() == before


def test_a_local_text_on_a_deleted_guide_is_refused_in_danish(guide):
    from django.core.exceptions import ValidationError

    guide.delete()
    with pytest.raises(ValidationError) as error:
        save_local_text(user=factories.municipal_editor("751"), guide=guide, section_key="anmeld",
                        body_html="<p>x</p>", municipality=aarhus())
    assert "findes ikke længere" in str(error.value)


def test_two_editors_saving_the_same_local_text_get_a_conflict_not_a_lost_update(guide):
    text = LocalText.objects.get(municipality=aarhus())
    first, second = factories.municipal_editor("751"), factories.municipal_editor("751")
    opened = text.latest_revision_id
    save_local_text(user=first, guide=guide, section_key="anmeld", body_html="<p>Første.</p>",
                    municipality=aarhus(), loaded_revision_id=opened)
    with pytest.raises(EditConflict) as conflict:
        save_local_text(user=second, guide=guide, section_key="anmeld", body_html="<p>Anden.</p>",
                        municipality=aarhus(), loaded_revision_id=opened)
    assert "En anden har gemt dette lokale indhold" in conflict.value.messages[0]
    assert LocalText.objects.get(pk=text.pk).get_latest_revision_as_object().body == "<p>Første.</p>"


def test_the_admin_refuses_to_overwrite_a_newer_version(aarhus_editor, guide):
    text = LocalText.objects.get(municipality=aarhus())
    opened = text.latest_revision_id
    text.body = "<p>En kollegas ændring.</p>"
    publishing.save_draft(text)
    response = aarhus_editor.post(reverse("wagtailsnippets_content_models_localtext:edit", args=[text.pk]), {
        "guide": guide.pk, "section_key": "anmeld", "municipality": aarhus().pk,
        "body": rich_text("<p>Min ændring.</p>"), "loaded_revision_id": opened,
        "loaded_revision_created_at": "2000-01-01T00:00:00+00:00",
    })
    assert response.status_code == 200
    assert "En anden har gemt dette lokale indhold" in response.content.decode()
    assert LocalText.objects.get(pk=text.pk).get_latest_revision_as_object().body == "<p>En kollegas ændring.</p>"


def test_outdated_text_shows_on_the_dashboard_until_confirmed(aarhus_editor, guide):
    draft = guide.get_latest_revision_as_object()
    sections = list(draft.sections.all())
    sections[0].body = "<p>Senest 10 dage efter.</p>"
    draft.sections = sections
    publishing.publish(draft)
    home = aarhus_editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "Nationale ændringer under mine tekster" in home and "Forældet" in home
    text = LocalText.objects.get(municipality=aarhus())
    page = aarhus_editor.get(reverse("local_content:item", args=[guide.pk])).content.decode()
    assert "Stadig korrekt" in page
    aarhus_editor.post(reverse("local_content:confirm", args=["localtext", text.pk]))
    text.refresh_from_db()
    assert not text.outdated
    assert "Forældet" not in aarhus_editor.get(reverse("wagtailadmin_home")).content.decode()


def test_broken_links_appear_for_the_editors_who_own_them(client, aarhus_editor):
    link = factories.make_self_service_link(url="https://www.borger.dk/flyt")
    factories.make_url_override(link, municipality=aarhus(), url="https://aarhus.dk/gammel-side")
    LinkStatus.objects.create(url="https://aarhus.dk/gammel-side", state="BROKEN", http_status=404)
    LinkStatus.objects.create(url="https://www.borger.dk/flyt", state="UNREACHABLE")
    home = aarhus_editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "Døde links i min kommune" in home and "https://aarhus.dk/gammel-side" in home
    assert "https://www.borger.dk/flyt" not in home
    national = client.__class__()
    national.force_login(factories.national_editor())
    home = national.get(reverse("wagtailadmin_home")).content.decode()
    assert "Døde nationale links" in home and "https://www.borger.dk/flyt" in home
    assert "https://aarhus.dk/gammel-side" not in home


def test_national_editors_see_pages_due_for_review(client):
    import datetime

    guide = factories.make_guide()
    type(guide).objects.filter(pk=guide.pk).update(review_by=datetime.date(2020, 1, 1))
    client.force_login(factories.national_editor())
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sider der skal gennemgås" in home and "Gennemgås senest 01.01.2020" in home
