"""import(export(x)) == x: an export re-imported into an empty database exports byte for byte the same."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from content_models.models import (
    CONTENT_PAGE_MODELS,
    Authority,
    LocalText,
    Municipality,
    PortalImage,
    Region,
    SelfServiceUrlOverride,
    Standard,
    Topic,
)
from tests import factories

from . import sample_lines as s

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(settings.BASE_DIR) / "content_models" / "demo" / "data" / "demo_content.jsonl"


def export() -> str:
    out = io.StringIO()
    call_command("export_content", "-", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def delete_all_content():
    for model in CONTENT_PAGE_MODELS:
        for page in model.objects.all():
            page.delete()  # local texts and URL overrides go with their page
    Standard.objects.all().delete()
    while Topic.objects.exists():
        Topic.objects.filter(children__isnull=True).delete()  # parents are protected while they have children
    Authority.objects.all().delete()
    PortalImage.objects.all().delete()
    for model in (*CONTENT_PAGE_MODELS, LocalText, SelfServiceUrlOverride, Standard, Topic, Authority, PortalImage):
        assert not model.objects.exists()


def round_trip(import_lines, write_jsonl) -> tuple[str, str]:
    first = export()
    delete_all_content()
    path = write_jsonl([line for line in first.splitlines()], name="export-a.jsonl")
    out = io.StringIO()
    call_command("import_content", str(path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines()[-1].endswith(" 0 unchanged, 0 invalid.")
    return first, export()


def every_field():
    """Every kind with every optional field, drafts, cycles, regions and an English guide."""
    section = {"key": "anmeld", "heading": "Anmeld din flytning", "body_html": "<p>Senest <b>5</b> dage efter.</p>"}
    return [
        s.topic("bolig-og-flytning", description="Alt om at bo og flytte."),
        s.topic("flytning", title="Flytning", parent="bolig-og-flytning"),
        s.topic("familie", title="Familie og børn"),
        s.authority("aarhus-kommune", municipality="0751", cvr="55133018", url="https://www.aarhus.dk"),
        s.authority("region-midtjylland", name="Region Midtjylland", type="region", municipality=None,
                    region="1082"),
        s.authority("skat", name="Skattestyrelsen", type="state", municipality=None),
        s.authority("ks", name="KL", type="other", municipality=None),
        s.image(),
        s.image("blanket", title="Blanket", alt_text="En udfyldt blanket", size=(400, 600), format="JPEG"),
        s.standard("OIOUBL-2.1", title="OIOUBL 2.1", version="2.1", status="gældende", description="Fakturaer.",
                   url="https://www.oioubl.info", owner="Digitaliseringsstyrelsen", related=["NemHandel"]),
        s.standard("NemHandel", category="service", related=["OIOUBL-2.1", "OIORASP"]),
        s.standard("OIORASP", category="architecture_document", status="udgået", live=False),
        s.standard("Digst", title="Digitaliseringsstyrelsen", category="organisation"),
        s.self_service_link("anmeld-flytning", authority="aarhus-kommune", login="mitid", audience="citizen",
                            topics=["flytning", "bolig-og-flytning"], image="blanket",
                            municipality_urls={"0751": "https://aarhus.dk/flyt", "101": "https://kk.dk/flyt"},
                            region_urls={"1082": "https://rm.dk/flyt"}),
        s.self_service_link("registrer-virksomhed", title="Registrer virksomhed", url="https://virk.dk/start",
                            authority="skat", login="mitid_erhverv", audience="business"),
        s.self_service_link("kladde-link", title="Kladde", url="http://example.dk", live=False),
        s.guide("flytning", topics=["flytning"], self_service_links=["anmeld-flytning"], image="flyttekasser", sections=[
            section, {"key": "frister", "heading": "Frister", "body_html": "<ul><li>5 dage</li></ul>"},
        ], owner="skat", review_by="2027-06-30"),
        s.guide("flytning", locale="en", title="Moving", summary="About moving.", sections=[
            {"key": "anmeld", "heading": "Report your move", "body_html": "<p>Within 5 days.</p>"},
        ]),
        s.guide("kladde-vejledning", title="Kladde", live=False, sections=[section]),
        s.local_text(),
        s.local_text(municipality=None, region="1082", body_html="<p>Regionens tekst.</p>"),
        s.local_text(section="frister", municipality="101", body_html="<p>København.</p>", live=False),
        s.local_text(locale="en", municipality="751", body_html="<p>Aarhus, in English.</p>"),
        s.step_by_step(topics=["bolig-og-flytning"], image="flyttekasser", steps=[
            {"key": "budget", "title": "Læg budget", "body_html": "<p>Start.</p>",
             "tools": ["Budgetskema", "Låneberegner"]},
            {"key": "find-bolig", "title": "Find bolig", "body_html": "<p>Søg.</p>"},
        ], owner="aarhus-kommune", review_by="2027-01-31"),
        s.step_by_step("kladde-trin", live=False),
        s.teaching_module(level="advanced", duration_minutes=90, topics=["familie"], image="blanket",
                          objectives=["Kan logge på", "Kan hjælpe andre"], owner="ks"),
        s.teaching_module("kladde-forloeb", live=False),
        {"kind": "local_text", "step_by_step": "koeb-af-bolig", "step": "budget", "municipality": "751",
         "body_html": "<p>Aarhus' byggesagsbehandling.</p>"},
        {"kind": "local_text", "step_by_step": "koeb-af-bolig", "step": "find-bolig", "region": "1082",
         "body_html": "<p>Regionens boligportal.</p>", "live": False},
        {"kind": "local_text", "teaching_module": "kom-i-gang-med-mitid", "municipality": "751",
         "body_html": "<p>Kurser på Dokk1.</p>"},
    ]


def test_export_of_imported_content_round_trips_byte_for_byte(apply_lines, import_lines, write_jsonl):
    apply_lines(every_field())
    # ...plus content made the way editors make it, with unicode slugs and no optional fields.
    guide = factories.make_guide("ældre-og-pension", title="Ældre og pension")
    factories.make_local_text(guide, municipality=Municipality.objects.get(code="461"))
    factories.make_step_by_step("salg-af-bolig", steps=[("Vurdering", "<p>Få boligen vurderet.</p>")])
    factories.make_standard("EAN", live=False)
    draft_override = factories.make_self_service_link("kladde-overrides", url="https://example.dk/k")
    factories.make_url_override(draft_override, region=Region.objects.get(code="1081"), live=False)

    first, second = round_trip(import_lines, write_jsonl)

    assert second == first
    assert '"live":false' in first and '"locale":"en"' in first and '"region_urls":{"1082"' in first
    assert '"image":"flyttekasser"' in first and '"file":"data:image/jpeg;base64,' in first
    assert len(first.splitlines()) == len(every_field()) + 5  # the draft URL override is not exported
    # The original lines describe the re-imported content exactly: importing them changes nothing.
    assert apply_lines(every_field()).changed == 0


def test_export_order_is_by_dependency_then_identifier(apply_lines):
    apply_lines(every_field())
    kinds = [line.split('"kind":"')[1].split('"')[0] for line in export().splitlines()]
    # Whatever a line refers to comes first; local texts after every item they can belong to.
    order = ["topic", "authority", "image", "self_service_link", "guide", "step_by_step", "teaching_module",
             "local_text",
             "standard"]
    assert kinds == sorted(kinds, key=order.index)
    topics = [line for line in export().splitlines() if '"kind":"topic"' in line]
    assert [t.split('"slug":"')[1].split('"')[0] for t in topics] == ["bolig-og-flytning", "flytning", "familie"]


ARCHITECTURE_EXAMPLE = """\
{"kind":"topic","slug":"bolig-og-flytning","title":"Bolig og flytning","parent":null}
{"kind":"authority","slug":"aarhus-kommune","name":"Aarhus Kommune","type":"municipality","municipality":"751"}
{"kind":"guide","slug":"flytning","title":"Flytning","summary":"...","topics":["bolig-og-flytning"],"locale":"da","sections":[{"key":"anmeld","heading":"Anmeld din flytning","body_html":"<p>...</p>"}]}
{"kind":"local_text","guide":"flytning","section":"anmeld","municipality":"751","body_html":"<p>...</p>"}
{"kind":"local_text","guide":"flytning","section":"anmeld","region":"1082","body_html":"<p>...</p>"}
{"kind":"self_service_link","slug":"anmeld-flytning","title":"...","description":"...","url":"https://www.borger.dk/flyt","authority":"aarhus-kommune","login":"mitid","audience":"citizen","topics":["bolig-og-flytning"],"municipality_urls":{"751":"https://aarhus.dk/flyt"}}
{"kind":"step_by_step","slug":"koeb-af-bolig","title":"...","summary":"...","topics":[],"steps":[{"title":"...","body_html":"..."}]}
{"kind":"teaching_module","slug":"kom-i-gang","title":"...","summary":"...","audience":"...","level":"beginner","duration_minutes":45,"objectives":["..."],"body_html":"..."}
{"kind":"standard","identifier":"NemHandel","title":"NemHandel","category":"service"}
{"kind":"standard","identifier":"OIOUBL-2.1","title":"OIOUBL 2.1","category":"standard","version":"2.1","status":"gældende","description":"...","url":"https://www.oioubl.info","related":["NemHandel"]}
"""


def test_the_example_in_the_architecture_brief_imports(import_lines, write_jsonl):
    # Adapted from docs/architecture.md: one object a line, placeholder URLs and slugs made real, and the
    # related standard defined.
    lines = ARCHITECTURE_EXAMPLE.splitlines()
    output = import_lines(lines)
    assert output.stdout.splitlines()[-1] == "Imported: 10 changed, 0 unchanged, 0 invalid."
    assert import_lines(lines).stdout.splitlines()[-1] == "Imported: 0 changed, 10 unchanged, 0 invalid."
    first, second = round_trip(import_lines, write_jsonl)
    assert second == first


@pytest.mark.slow
def test_the_demo_content_is_valid_and_round_trips(import_lines, write_jsonl):
    output = import_lines([line for line in DEMO_FILE.read_text(encoding="utf-8").splitlines()])
    assert output.stderr == ""
    assert output.stdout.splitlines()[-1].endswith(" 0 unchanged, 0 invalid.")
    first, second = round_trip(import_lines, write_jsonl)
    assert second == first
