"""Applying valid lines: upserts through the publishing services, events, drafts, deletes, no-op re-imports."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from content_models.importing.apply import Applier
from content_models.importing.runner import ImportFailed, run_import
from content_models.models import (
    Authority,
    GuidePage,
    LocalText,
    Municipality,
    Region,
    SelfServiceUrlOverride,
    Standard,
    StepByStepPage,
    TeachingModulePage,
    Topic,
)
from tests import factories

from . import sample_lines as s

pytestmark = pytest.mark.django_db


def every_kind():
    return [
        s.topic(),
        s.authority(),
        s.standard(),
        s.self_service_link(authority="aarhus-kommune", municipality_urls={"751": "https://aarhus.dk/flyt"}),
        s.guide(topics=["bolig-og-flytning"], self_service_links=["anmeld-flytning"]),
        s.local_text(),
        s.step_by_step(),
        s.teaching_module(),
    ]


def actions(result):
    return {key: count for key, count in result.counts.items() if count}


def test_every_kind_is_created_and_published_with_one_event_each(apply_lines, events):
    result = apply_lines(every_kind())
    assert actions(result) == {
        (kind, "created"): 1
        for kind in ("topic", "authority", "standard", "self_service_link", "guide", "local_text", "step_by_step",
                     "teaching_module")
    }
    assert events() == [
        ("standard", "OIOUBL-2.1", "PUBLISHED"),
        ("self_service_link", "anmeld-flytning", "PUBLISHED"),
        ("self_service_url", "anmeld-flytning/751", "PUBLISHED"),
        ("guide", "flytning", "PUBLISHED"),
        ("local_text", "flytning/anmeld/751", "PUBLISHED"),
        ("step_by_step", "koeb-af-bolig", "PUBLISHED"),
        ("teaching_module", "kom-i-gang-med-mitid", "PUBLISHED"),
    ]
    guide = GuidePage.objects.get(slug="flytning")
    assert guide.live
    assert [t.slug for t in guide.topics.all()] == ["bolig-og-flytning"]
    assert [link.slug for link in guide.self_service_links.all()] == ["anmeld-flytning"]
    assert guide.get_parent().specific_class.__name__ == "GuideIndexPage"


def test_importing_the_same_lines_again_changes_nothing(apply_lines, events):
    apply_lines(every_kind())
    logged, revisions = len(events()), Revision.objects.count()
    result = apply_lines(every_kind())
    assert result.changed == 0
    assert result.unchanged == 8
    assert len(events()) == logged
    assert Revision.objects.count() == revisions


def test_a_changed_item_gets_one_new_revision_and_event(apply_lines, events):
    apply_lines([s.guide()])
    result = apply_lines([s.guide(title="Flytning og adresse")])
    assert actions(result) == {("guide", "updated"): 1}
    assert events() == [("guide", "flytning", "PUBLISHED")] * 2
    assert GuidePage.objects.get().title == "Flytning og adresse"


def test_existing_content_made_in_the_admin_is_updated_by_slug(apply_lines):
    guide = factories.make_guide()
    apply_lines([s.guide(summary="Ny")])
    assert GuidePage.objects.get().pk == guide.pk
    assert GuidePage.objects.get().summary == "Ny"


def test_a_new_item_with_live_false_is_kept_as_an_unpublished_draft(apply_lines, events):
    result = apply_lines([s.guide(live=False), s.standard(live=False)])
    assert actions(result) == {("guide", "created"): 1, ("standard", "created"): 1}
    guide = GuidePage.objects.get()
    assert not guide.live and guide.latest_revision is not None
    assert not Standard.objects.get().live
    assert events() == []


def test_an_unpublish_line_unpublishes_a_live_item_and_keeps_its_content(apply_lines, events):
    factories.make_guide(title="Flytning")
    unpublish = {"kind": "guide", "slug": "flytning", "live": False}
    assert actions(apply_lines([unpublish])) == {("guide", "unpublished"): 1}
    guide = GuidePage.objects.get()
    assert not guide.live and guide.title == "Flytning"
    assert events()[-1] == ("guide", "flytning", "UNPUBLISHED")
    assert actions(apply_lines([unpublish])) == {("guide", "unchanged"): 1}


def test_a_full_line_with_live_false_unpublishes_and_stores_the_new_content(apply_lines, events):
    factories.make_guide()
    result = apply_lines([s.guide(title="Flytning (kladde)", live=False)])
    assert actions(result) == {("guide", "unpublished"): 1}
    guide = GuidePage.objects.get()
    assert (guide.live, guide.title) == (False, "Flytning (kladde)")
    assert [e[2] for e in events()] == ["PUBLISHED", "UNPUBLISHED"]


def test_a_draft_is_published_by_a_line_without_live_false(apply_lines, events):
    factories.make_guide(live=False)
    result = apply_lines([s.guide(summary="Om flytning.", title="Flytning")])
    assert actions(result) == {("guide", "updated"): 1}
    assert GuidePage.objects.get().live
    assert events() == [("guide", "flytning", "PUBLISHED")]


def test_delete_lines_for_every_kind(apply_lines, events):
    apply_lines(every_kind())
    deletes = [
        {"kind": "local_text", "guide": "flytning", "section": "anmeld", "municipality": "751", "delete": True},
        {"kind": "guide", "slug": "flytning", "delete": True},
        {"kind": "self_service_link", "slug": "anmeld-flytning", "delete": True},
        {"kind": "step_by_step", "slug": "koeb-af-bolig", "delete": True},
        {"kind": "teaching_module", "slug": "kom-i-gang-med-mitid", "delete": True},
        {"kind": "standard", "identifier": "OIOUBL-2.1", "delete": True},
        {"kind": "authority", "slug": "aarhus-kommune", "delete": True},
        {"kind": "topic", "slug": "bolig-og-flytning", "delete": True},
    ]
    before = len(events())
    result = apply_lines(deletes)
    assert result.total("deleted") == 8
    # (Wagtail unpublishes a live page as it deletes it, so pages log UNPUBLISHED before DELETED.)
    assert [kind for kind, _, action in events()[before:] if action == "DELETED"] == [
        "local_text", "guide", "self_service_url", "self_service_link", "step_by_step", "teaching_module", "standard",
    ]
    for model in (GuidePage, StepByStepPage, TeachingModulePage, Standard, Authority, Topic, LocalText):
        assert not model.objects.exists()
    # Deleting what is gone is a no-op, so the same file can be imported again.
    assert apply_lines(deletes).total("unchanged") == 8


def test_guide_sections_are_matched_by_key_and_reordered(apply_lines):
    guide = factories.make_guide(sections=[("anmeld", "Anmeld", "<p>a</p>"), ("frister", "Frister", "<p>f</p>")])
    ids = {section.key: section.pk for section in guide.sections.all()}
    apply_lines([s.guide(sections=[
        {"key": "frister", "heading": "Frister", "body_html": "<p>f</p>"},
        {"key": "nyt", "heading": "Nyt", "body_html": "<p>n</p>"},
        {"key": "anmeld", "heading": "Anmeld nu", "body_html": "<p>a</p>"},
    ])])
    sections = list(GuidePage.objects.get().sections.order_by("sort_order"))
    assert [(x.key, x.heading) for x in sections] == [("frister", "Frister"), ("nyt", "Nyt"), ("anmeld", "Anmeld nu")]
    assert sections[0].pk == ids["frister"] and sections[2].pk == ids["anmeld"]


def test_steps_and_objectives_are_reused_by_position(apply_lines):
    step_page = factories.make_step_by_step(steps=[("Et", "<p>1</p>"), ("To", "<p>2</p>")])
    module = factories.make_teaching_module()
    step_ids = [step.pk for step in step_page.steps.order_by("sort_order")]
    objective_id = module.objectives.get().pk
    apply_lines([
        s.step_by_step(steps=[{"title": "Et", "body_html": "<p>1</p>", "tools": ["Budget", "Lånetilbud"]}]),
        s.teaching_module(objectives=["Kan logge på med MitID", "Kan skifte adgangskode"]),
    ])
    steps = list(StepByStepPage.objects.get().steps.all())
    assert [(x.pk, x.tools) for x in steps] == [(step_ids[0], "Budget\nLånetilbud")]
    objectives = list(TeachingModulePage.objects.get().objectives.order_by("sort_order"))
    assert [x.text for x in objectives] == ["Kan logge på med MitID", "Kan skifte adgangskode"]
    assert objectives[0].pk == objective_id


def test_municipality_and_region_urls_replace_the_live_overrides(apply_lines, events):
    link = factories.make_self_service_link()
    kk, aarhus, odense = (Municipality.objects.get(code=c) for c in ("101", "751", "461"))
    factories.make_url_override(link, municipality=kk, url="https://kk.dk/flyt")
    factories.make_url_override(link, municipality=aarhus, url="https://aarhus.dk/gammel")
    draft = factories.make_url_override(link, municipality=odense, url="https://odense.dk/kladde", live=False)
    before, page_revisions = len(events()), link.revisions.count()

    result = apply_lines([s.self_service_link(
        municipality_urls={"0751": "https://aarhus.dk/flyt"}, region_urls={"1084": "https://regionh.dk/flyt"},
    )])

    assert actions(result) == {("self_service_link", "updated"): 1}
    live = SelfServiceUrlOverride.objects.filter(live=True)
    assert sorted((o.place_code, o.url) for o in live) == [
        ("1084", "https://regionh.dk/flyt"), ("751", "https://aarhus.dk/flyt"),
    ]
    # Live overrides not listed are deleted; drafts are an editor's work in progress and stay.
    assert SelfServiceUrlOverride.objects.filter(pk=draft.pk, live=False).exists()
    assert not SelfServiceUrlOverride.objects.filter(municipality=kk).exists()
    assert sorted(events()[before:]) == [
        ("self_service_url", "anmeld-flytning/101", "DELETED"),
        ("self_service_url", "anmeld-flytning/101", "UNPUBLISHED"),
        ("self_service_url", "anmeld-flytning/1084", "PUBLISHED"),
        ("self_service_url", "anmeld-flytning/751", "PUBLISHED"),
    ]
    assert link.revisions.count() == page_revisions  # the page itself did not change


def test_local_texts_are_created_updated_unpublished_and_deleted(apply_lines, events):
    apply_lines([s.guide(), s.local_text(), s.local_text(municipality=None, region="1082")])
    assert LocalText.objects.filter(region=Region.objects.get(code="1082"), live=True).exists()
    apply_lines([s.local_text(body_html="<p>Ny tekst.</p>")])
    assert LocalText.objects.get(municipality__code="751").body == "<p>Ny tekst.</p>"
    apply_lines([{"kind": "local_text", "guide": "flytning", "section": "anmeld", "region": "1082", "live": False}])
    apply_lines([{"kind": "local_text", "guide": "flytning", "section": "anmeld", "municipality": "751",
                  "delete": True}])
    assert [(identifier, action) for kind, identifier, action in events() if kind == "local_text"] == [
        ("flytning/anmeld/751", "PUBLISHED"),
        ("flytning/anmeld/1082", "PUBLISHED"),
        ("flytning/anmeld/751", "PUBLISHED"),
        ("flytning/anmeld/1082", "UNPUBLISHED"),
        ("flytning/anmeld/751", "UNPUBLISHED"),  # it was live: UNPUBLISHED, then DELETED
        ("flytning/anmeld/751", "DELETED"),
    ]


def test_rich_text_is_sanitised_and_the_sanitised_form_is_stable(apply_lines):
    dirty = '<p onclick="x()">Hej<script>alert(1)</script> <a href="javascript:x">link</a></p>'
    apply_lines([s.teaching_module(body_html=dirty)])
    body = TeachingModulePage.objects.get().body
    assert "script" not in body and "onclick" not in body and "javascript" not in body
    assert apply_lines([s.teaching_module(body_html=dirty)]).changed == 0


def test_topics_authorities_and_codes(apply_lines):
    apply_lines([
        s.topic("bolig", title="Bolig"),
        s.topic("leje", title="Leje", parent="bolig", description="Om leje."),
        s.authority(municipality="0751", cvr="55133018", url="https://aarhus.dk"),
    ])
    assert Topic.objects.get(slug="leje").parent.slug == "bolig"
    authority = Authority.objects.get()
    assert (authority.municipality.code, authority.cvr) == ("751", "55133018")
    result = apply_lines([s.topic("leje", title="Leje af bolig"), s.authority(municipality="751")])
    assert actions(result) == {("topic", "updated"): 1, ("authority", "updated"): 1}
    assert Topic.objects.get(slug="leje").parent is None  # a line is the whole item: no parent given, none kept
    assert Authority.objects.get().cvr == ""


def test_related_standards_defined_later_in_the_file(apply_lines, events):
    result = apply_lines([s.standard("A", related=["B"]), s.standard("B", related=["A"], live=False)])
    assert actions(result) == {("standard", "created"): 2}
    a, b = Standard.objects.get(identifier="A"), Standard.objects.get(identifier="B")
    assert list(a.related.all()) == [b] and list(b.related.all()) == [a]
    assert (a.live, b.live) == (True, False)
    assert events() == [("standard", "A", "PUBLISHED")]


def test_an_english_guide_lives_in_the_english_tree(apply_lines):
    apply_lines([s.guide(), s.guide(locale="en", title="Moving")])
    english = GuidePage.objects.get(locale__language_code="en")
    assert english.title == "Moving"
    assert english.get_parent().locale.language_code == "en"


def test_an_unexpected_failure_rolls_back_every_line(monkeypatch, events):
    def fail(self, line, kind):
        raise ValidationError("boom")

    monkeypatch.setattr(Applier, "apply_page", fail)
    with pytest.raises(ImportFailed) as failure:
        run_import(s.jsonl([s.topic(), s.standard(), s.guide()]))
    assert str(failure.value) == (
        "line 3: -: could not apply guide 'flytning': boom; nothing was imported "
        "(fix the line or the item in the admin and import again)"
    )
    assert not Topic.objects.exists() and not Standard.objects.exists()
    assert events() == []
