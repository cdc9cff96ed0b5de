"""Language versions in the import format: "locale" on every page kind, "translation_of" naming the Danish item of
the same kind, and the rules that keep one translation per language and a source's translations accounted for."""

import pytest

from content_models.importing.apply import Applier
from content_models.kinds import registry
from content_models.models import GuidePage, SelfServiceLinkPage, StepByStepPage, TeachingModulePage
from tests import factories

from . import sample_lines as s

pytestmark = pytest.mark.django_db

ENGLISH_GUIDE = {"locale": "en", "title": "Moving", "summary": "About moving.",
                 "sections": [{"key": "report", "heading": "Report your move", "body_html": "<p>Within 5 days.</p>"}]}


def english(slug, **fields):
    return s.guide(slug, **{**ENGLISH_GUIDE, **fields})


def test_every_page_kind_is_imported_per_language_and_linked_to_its_source(apply_lines):
    apply_lines([
        s.topic(), s.self_service_link(), s.guide(), s.step_by_step(), s.teaching_module(),
        s.self_service_link("report-your-move", locale="en", translation_of="anmeld-flytning", title="Report"),
        english("moving", translation_of="flytning"),
        s.step_by_step("buying-a-home", locale="en", translation_of="koeb-af-bolig", title="Buying a home"),
        s.teaching_module("mitid-basics", locale="en", translation_of="kom-i-gang-med-mitid", title="MitID basics"),
    ])
    pairs = [(SelfServiceLinkPage, "anmeld-flytning", "report-your-move"), (GuidePage, "flytning", "moving"),
             (StepByStepPage, "koeb-af-bolig", "buying-a-home"),
             (TeachingModulePage, "kom-i-gang-med-mitid", "mitid-basics")]
    assert {registry.for_model(model).code for model, _, _ in pairs} == set(registry.codes(translatable=True))
    for model, danish_slug, english_slug in pairs:
        danish = model.objects.get(slug=danish_slug)
        translation = model.objects.get(slug=english_slug)
        assert translation.locale.language_code == "en" and translation.live
        assert translation.get_url().startswith("/en/")  # the English tree (/en/guides/..., /en/self-service/...)
        assert translation.translation_key == danish.translation_key
        assert translation.get_translation(danish.locale) == danish


def test_sources_and_their_translations_in_one_run_are_created_together(apply_lines, monkeypatch):
    """A file written as the export writes it (each Danish item, then its translation) is one run per kind, created
    in bulk: a translation whose source came earlier in the run is linked to it, not sent one line at a time
    (which made the demo's import eight times slower)."""
    one_at_a_time = []
    apply = Applier.apply
    monkeypatch.setattr(Applier, "apply", lambda self, line: one_at_a_time.append(line.kind) or apply(self, line))
    apply_lines([
        s.guide(), english("moving", translation_of="flytning"),
        s.guide("boligstoette", title="Boligstøtte"), english("housing-benefit", translation_of="boligstoette"),
        s.self_service_link(), s.self_service_link("report-your-move", locale="en", translation_of="anmeld-flytning"),
    ])
    assert one_at_a_time == []
    for model, danish_slug, english_slug in [(GuidePage, "flytning", "moving"),
                                             (GuidePage, "boligstoette", "housing-benefit"),
                                             (SelfServiceLinkPage, "anmeld-flytning", "report-your-move")]:
        danish, translation = model.objects.get(slug=danish_slug), model.objects.get(slug=english_slug)
        assert translation.live and translation.get_translation(danish.locale) == danish


def test_a_translation_can_be_moved_to_another_source_or_made_a_page_of_its_own(apply_lines):
    apply_lines([s.guide(), s.guide("boligstoette", title="Boligstøtte"), english("moving", translation_of="flytning")])
    moving = GuidePage.objects.get(slug="moving")
    boligstoette = GuidePage.objects.get(slug="boligstoette")

    assert apply_lines([english("moving", translation_of="boligstoette")]).changed == 1
    moving.refresh_from_db()
    assert moving.translation_key == boligstoette.translation_key

    apply_lines([english("moving")])  # no translation_of: an English page of its own
    moving.refresh_from_db()
    assert not GuidePage.objects.filter(translation_key=moving.translation_key, locale__language_code="da").exists()
    assert apply_lines([english("moving")]).changed == 0


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            [english("moving", translation_of="findes-ikke")],
            ["line 1: translation_of: unknown Danish guide 'findes-ikke' (define it on an earlier line or in the "
             "admin)"],
            id="missing",
        ),
        pytest.param(
            [s.self_service_link(), english("moving", translation_of="anmeld-flytning")],
            ["line 2: translation_of: there is no Danish guide 'anmeld-flytning', only a self-service link of that "
             "slug; a translation names the Danish item of its own kind"],
            id="another-kind",
        ),
        pytest.param(
            [english("moving"), english("moving-again", translation_of="moving")],
            ["line 2: translation_of: guide 'moving' is in en, not Danish; name the Danish guide this one "
             "translates"],
            id="another-language",
        ),
        pytest.param(
            [english("moving", translation_of="flytning"), s.guide()],
            ["line 1: translation_of: Danish guide 'flytning' is defined on line 2, after this line; move that line "
             "up"],
            id="source-later-in-the-file",
        ),
        pytest.param(
            [s.guide(translation_of="boligstoette")],
            ['line 1: translation_of: only a translation names its source; a Danish (da) item is the source: remove '
             'translation_of or give the line its own "locale"'],
            id="danish-line",
        ),
        pytest.param(
            [s.guide(), english("moving", translation_of="flytning"), english("relocating", translation_of="flytning")],
            ["line 3: translation_of: guide 'flytning' already has a translation in en: guide 'moving' (on line 2); "
             "an item has one translation per language"],
            id="two-translations-in-the-file",
        ),
    ],
)
def test_a_bad_translation_of_is_reported_on_its_line(errors_for, lines, expected):
    assert errors_for(lines) == expected


def test_a_second_translation_of_a_source_in_the_database_is_refused(apply_lines, errors_for):
    apply_lines([s.guide(), english("moving", translation_of="flytning")])
    assert errors_for([english("relocating", translation_of="flytning")]) == [
        "line 1: translation_of: guide 'flytning' already has a translation in en: guide 'moving' (in the "
        "database); an item has one translation per language"
    ]
    # Freed on an earlier line, the source may be translated by another page.
    assert errors_for([english("moving"), english("relocating", translation_of="flytning")]) == []


def test_deleting_a_source_with_translations_asks_what_to_do_with_them(apply_lines, errors_for, import_lines):
    apply_lines([s.guide(), english("moving", translation_of="flytning")])
    delete = {"kind": "guide", "slug": "flytning", "delete": True}
    assert errors_for([delete]) == [
        "line 1: delete: guide 'flytning' has translations 'moving' (en); delete them on earlier lines, or keep "
        "them as items of their own by leaving translation_of out of their lines (on earlier lines)"
    ]
    assert errors_for([{"kind": "guide", "slug": "moving", "locale": "en", "delete": True}, delete]) == []
    apply_lines([english("moving"), delete])  # kept as a page of its own
    assert list(GuidePage.objects.values_list("slug", flat=True)) == ["moving"]


def test_a_translation_made_in_the_admin_is_exported_with_its_source(import_lines, tmp_path):
    from django.core.management import call_command

    source = factories.make_step_by_step("koeb-af-bolig")
    factories.make_step_by_step("buying-a-home", locale="en", translation_key=source.translation_key)
    path = tmp_path / "export.jsonl"
    call_command("export_content", str(path), stdout=open(tmp_path / "out.txt", "w"))
    lines = [line for line in path.read_text().splitlines() if '"kind":"step_by_step"' in line]
    assert '"slug":"koeb-af-bolig","locale":"da","title"' in lines[0]
    assert '"slug":"buying-a-home","locale":"en","translation_of":"koeb-af-bolig"' in lines[1]
