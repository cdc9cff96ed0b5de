import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from content_models import publishing
from content_models.lifecycle.national_changes import confirm_still_correct
from content_models.local_variants.selectors import localise_guide, localise_module, localise_step_by_step
from content_models.models import LocalText, ModuleLocalText, Municipality, StepLocalText
from tests import factories

pytestmark = pytest.mark.django_db


def aarhus():
    return Municipality.objects.get(code="751")


def guide_with_local_texts():
    guide = factories.make_guide(sections=[("anmeld", "Anmeld", "<p>Senest 5 dage.</p>"), ("husk", "Husk", "<p>Læge.</p>")])
    anmeld = factories.make_local_text(guide, "anmeld", municipality=aarhus())
    husk = factories.make_local_text(guide, "husk", municipality=aarhus())
    return guide, anmeld, husk


def change_section(guide, key, body):
    guide = guide.get_latest_revision_as_object()
    sections = list(guide.sections.all())  # each .all() of an unsaved relation is a fresh copy
    for section in sections:
        if section.key == key:
            section.body = body
    guide.sections = sections
    publishing.publish(guide)
    return guide


def test_a_published_change_marks_only_the_local_texts_under_that_section_outdated():
    guide, anmeld, husk = guide_with_local_texts()
    assert not localise_guide(guide, aarhus()).sections[0].local_text.outdated
    change_section(guide, "anmeld", "<p>Senest 10 dage.</p>")
    anmeld.refresh_from_db()
    husk.refresh_from_db()
    assert anmeld.outdated and anmeld.national_changed_at is not None
    assert not husk.outdated
    chosen = {s.key: s.local_text for s in localise_guide(guide, aarhus()).sections}
    assert chosen["anmeld"].outdated and chosen["anmeld"].national_changed_at == anmeld.national_changed_at
    assert not chosen["husk"].outdated


def test_a_publish_without_a_text_change_marks_nothing():
    guide, anmeld, _ = guide_with_local_texts()
    guide.title = "Flytning (ny titel)"
    publishing.publish(guide)
    anmeld.refresh_from_db()
    assert not anmeld.outdated


def test_editing_and_publishing_or_confirming_clears_outdated():
    guide, anmeld, husk = guide_with_local_texts()
    change_section(guide, "anmeld", "<p>Ny.</p>")
    change_section(guide, "husk", "<p>Ny.</p>")
    editor = factories.municipal_editor("751")
    anmeld.refresh_from_db()
    anmeld.body = "<p>Rettet.</p>"
    publishing.publish(anmeld, user=editor)
    anmeld.refresh_from_db()
    assert not anmeld.outdated
    husk.refresh_from_db()
    confirm_still_correct(user=editor, local_text=husk)
    husk.refresh_from_db()
    assert not husk.outdated
    # An old revision published later does not bring the flag back or hide a newer change.
    change_section(guide, "husk", "<p>Nyere.</p>")
    husk.refresh_from_db()
    assert husk.outdated


def test_another_municipality_cannot_confirm():
    guide, anmeld, _ = guide_with_local_texts()
    change_section(guide, "anmeld", "<p>Ny.</p>")
    anmeld.refresh_from_db()
    with pytest.raises(PermissionDenied):
        confirm_still_correct(user=factories.municipal_editor("101"), local_text=anmeld)
    anmeld.refresh_from_db()
    assert anmeld.outdated


def test_the_municipalitys_editors_get_an_email_where_configured(settings, django_capture_on_commit_callbacks):
    settings.LOCAL_TEXT_NOTICE_FROM = "noreply@borger.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    guide, _, _ = guide_with_local_texts()
    factories.municipal_editor("751", email="redaktoer@aarhus.example")
    factories.municipal_editor("101", email="redaktoer@kk.example")
    with django_capture_on_commit_callbacks(execute=True):
        change_section(guide, "anmeld", "<p>Ny.</p>")
    assert [message.to for message in mail.outbox] == [["redaktoer@aarhus.example"]]
    assert "Flytning" in mail.outbox[0].subject


def test_steps_and_modules_carry_local_text_that_goes_outdated_too():
    page = factories.make_step_by_step(steps=(("Læg budget", "<p>Start.</p>"), ("Find bolig", "<p>Søg.</p>")))
    assert [step.key for step in page.steps.all()] == ["laeg-budget", "find-bolig"]
    step_text = StepLocalText.objects.create(step_by_step=page, step_key="find-bolig", municipality=aarhus(),
                                             body="<p>Aarhus' boliger.</p>")
    publishing.publish(step_text)
    module = factories.make_teaching_module()
    module_text = ModuleLocalText.objects.create(teaching_module=module, municipality=aarhus(), body="<p>Dokk1.</p>")
    publishing.publish(module_text)

    seen = localise_step_by_step(page, aarhus())
    assert [s.local_text.body if s.local_text else None for s in seen.steps] == [None, "<p>Aarhus' boliger.</p>"]
    assert localise_module(module, aarhus()).local_text.body == "<p>Dokk1.</p>"
    assert localise_module(module, Municipality.objects.get(code="101")).local_text is None

    draft = page.get_latest_revision_as_object()
    steps = list(draft.steps.all())
    steps[1].body = "<p>Søg bredere.</p>"
    draft.steps = steps
    publishing.publish(draft)
    module = module.get_latest_revision_as_object()
    module.body = "<p>Nyt indhold.</p>"
    publishing.publish(module)
    assert localise_step_by_step(page, aarhus()).steps[1].local_text.outdated
    assert localise_module(module, aarhus()).local_text.outdated


def test_an_unknown_section_is_refused_in_danish_and_nothing_is_saved():
    from django.core.exceptions import ValidationError

    from content_models.local_variants.services import save_local_text

    guide = factories.make_guide()
    with pytest.raises(ValidationError) as error:
        save_local_text(user=factories.municipal_editor("751"), guide=guide, section_key="søg-i-god-tid",
                        body_html="<p>x</p>", municipality=aarhus())
    assert "har intet afsnit med nøglen »søg-i-god-tid«" in str(error.value)
    assert not LocalText.objects.exists()


def test_citizen_pages_show_last_updated_and_the_local_text_of_steps_and_modules(client):
    page = factories.make_step_by_step(steps=(("Læg budget", "<p>Start.</p>"), ("Find bolig", "<p>Søg.</p>")))
    publishing.publish(StepLocalText.objects.create(step_by_step=page, step_key="find-bolig", municipality=aarhus(),
                                                    body="<p>Aarhus' boligportal.</p>"))
    module = factories.make_teaching_module()
    publishing.publish(ModuleLocalText.objects.create(teaching_module=module, municipality=aarhus(),
                                                      body="<p>Kurser på Dokk1.</p>"))
    step_html = client.get(page.get_url() + "?kommune=751").content.decode()
    assert "Aarhus' boligportal." in step_html and "Sidst opdateret" in step_html
    assert "Aarhus' boligportal." not in client.get(page.get_url() + "?kommune=101").content.decode()
    module_html = client.get(module.get_url() + "?kommune=751").content.decode()
    assert "Kurser på Dokk1." in module_html and "Sidst opdateret" in module_html

    guide = factories.make_guide().get_latest_revision_as_object()
    guide.major_update, guide.change_note = True, "Nye frister for anmeldelse."
    publishing.publish(guide)
    assert "Nye frister for anmeldelse." in client.get(guide.get_url()).content.decode()


def test_an_editor_previews_a_draft_step_local_text_as_citizens_will_see_it():
    from django.test import RequestFactory

    page = factories.make_step_by_step(steps=(("Find bolig", "<p>Søg.</p>"),))
    draft = StepLocalText.objects.create(step_by_step=page, step_key="find-bolig", municipality=aarhus(),
                                         body="<p>Kladde fra Aarhus.</p>")
    request = RequestFactory().get("/")
    request.user = factories.municipal_editor("751")
    html = draft.serve_preview(request, "").rendered_content
    assert "Kladde fra Aarhus." in html and "Søg." in html


def test_municipal_editors_write_step_and_module_local_text_for_their_own_municipality_only():
    from content_models.local_variants.services import save_local_text_on

    page = factories.make_step_by_step(steps=(("Find bolig", "<p>Søg.</p>"),))
    module = factories.make_teaching_module()
    editor = factories.municipal_editor("751")
    text = save_local_text_on(user=editor, item=page, key="find-bolig", body_html="<p>Aarhus.</p>",
                              municipality=aarhus(), publish=True)
    assert text.live and isinstance(text, StepLocalText)
    assert save_local_text_on(user=editor, item=module, body_html="<p>Dokk1.</p>", municipality=aarhus()).pk
    with pytest.raises(PermissionDenied):
        save_local_text_on(user=editor, item=module, body_html="<p>KBH.</p>",
                           municipality=Municipality.objects.get(code="101"))
    national = factories.national_editor()
    with pytest.raises(PermissionDenied):  # national editors do not publish local variants (approvers do)
        save_local_text_on(user=national, item=page, key="find-bolig", body_html="<p>x</p>",
                           municipality=aarhus(), publish=True)
