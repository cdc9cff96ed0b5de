"""Rich text that passes the sanitiser never breaks rendering: Wagtail references Wagtail could not expand are
removed on the way in (import, admin), and stored ones render as text on the citizen site and in the API."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.rich_text import features

from content_models.html_sanitiser import EMBED_TYPES, LINK_TYPES, sanitise_html
from content_models.models import GuidePage, GuideSection, LocalText, Municipality
from tests import factories
from tests.content_models.importing.sample_lines import guide as guide_line
from tests.content_models.importing.sample_lines import jsonl
from tests.content_models.importing.sample_lines import local_text as local_text_line

pytestmark = pytest.mark.django_db

# The payloads: each survived the sanitiser and made Wagtail's expansion raise.
PAYLOADS = [
    '<embed embedtype="media"/>',
    '<embed embedtype="media" url="javascript:x"/>',
    '<embed embedtype="image" id="abc"/>',
    '<a linktype="page" id="abc">x</a>',
]
MORE_PAYLOADS = [
    '<a linktype="document" id="1 OR 1=1">x</a>',
    '<a linktype="page">x</a>',
    '<embed embedtype="image" id="1"/>',  # no format
    '<embed embedtype="media" url="/relativ"/>',
    '<embed embedtype="iframe" url="https://example.dk/"/>',
    '<a linktype="bogus" id="1">x</a>',
]
GUIDES_QUERY = """query($m: String) { guides(first: 100, municipality: $m) { totalCount edges { node {
  slug sections { key bodyHtml localText { bodyHtml } } } } } }"""
ROOT = Path(__file__).resolve().parents[2]


def wagtail_refs(html: str) -> list[str]:
    return re.findall(r"<(?:a[^>]*linktype|embed)[^>]*>", html)


def gql(client, query, **variables):
    response = client.post("/graphql/", json.dumps({"query": query, "variables": variables}),
                           content_type="application/json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("payload", PAYLOADS + MORE_PAYLOADS)
def test_the_sanitiser_drops_references_wagtail_could_not_expand(payload):
    cleaned = sanitise_html(f"<p>før</p>{payload}<p>efter</p>")
    assert wagtail_refs(cleaned) == []
    assert cleaned.startswith("<p>før</p>") and cleaned.endswith("<p>efter</p>")


def test_valid_references_survive():
    valid = ('<p><a linktype="page" id="3">side</a> <a linktype="document" id="5">fil</a></p>'
             '<embed embedtype="image" id="1" format="left" alt="Kort" />'
             '<embed embedtype="media" url="https://www.youtube.com/watch?v=abc" />')
    assert sanitise_html(valid) == valid


def test_the_sanitisers_reference_types_are_wagtails():
    assert set(features.get_link_types()) == LINK_TYPES
    assert set(features.get_embed_types()) == EMBED_TYPES


def test_every_template_renders_rich_text_through_the_safe_renderer():
    """The citizen site's and the admin's templates alike: Wagtail's ``richtext`` raises on a broken reference."""
    templates = [path for app in ROOT.iterdir() if (app / "templates").is_dir() and not app.name.startswith(".")
                 for path in (app / "templates").rglob("*.html")]
    assert len(templates) > 20
    assert [str(path) for path in templates if re.search(r"\|\s*richtext\b", path.read_text())] == []


def test_hostile_payloads_imported_render_on_the_site_and_in_the_api(client, tmp_path):
    sections = [{"key": f"s{n}", "heading": f"Afsnit {n}", "body_html": f"<p>tekst {n}</p>{payload}"}
                for n, payload in enumerate(PAYLOADS)]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(jsonl([
        guide_line(slug="flytning", sections=sections),
        guide_line(slug="anden", sections=[{"key": "a", "heading": "A", "body_html": "<p>god</p>"}]),
        *[local_text_line(section=f"s{n}", body_html=f"<p>lokal {n}</p>{payload}") for n, payload in enumerate(PAYLOADS)],
    ]))
    call_command("import_content", str(path), stdout=open("/dev/null", "w"))

    stored = [s.body for s in GuideSection.objects.all()] + list(LocalText.objects.values_list("body", flat=True))
    assert [wagtail_refs(body) for body in stored] == [[]] * len(stored)
    page = client.get("/vejledninger/flytning/?kommune=751")
    assert page.status_code == 200
    assert all(f"tekst {n}" in page.content.decode() and f"lokal {n}" in page.content.decode() for n in range(4))
    result = gql(client, GUIDES_QUERY, m="751")
    assert "errors" not in result
    assert result["data"]["guides"]["totalCount"] == 2


@pytest.fixture
def stored_broken_references():
    """Rows written before the sanitiser knew the rule (or around it): the hostile HTML as it sits in the table."""
    aarhus = Municipality.objects.get(code="751")
    bodies = [f"<p>tekst {n}</p>{payload}" for n, payload in enumerate(PAYLOADS + MORE_PAYLOADS)]
    guide = factories.make_guide(sections=[(f"s{n}", f"Afsnit {n}", "<p>x</p>") for n in range(len(bodies))])
    factories.make_guide(slug="anden", title="Anden")
    for n, body in enumerate(bodies):
        GuideSection.objects.filter(page=guide, key=f"s{n}").update(body=body)
        text = factories.make_local_text(guide, section_key=f"s{n}", municipality=aarhus)
        LocalText.objects.filter(pk=text.pk).update(body=f"<p>lokal {n}</p>{PAYLOADS[n % 4]}")
    return bodies


def test_stored_broken_references_render_as_text_on_the_site(client, stored_broken_references, caplog):
    with caplog.at_level(logging.WARNING, logger="content_models.rich_text"):
        page = client.get("/vejledninger/flytning/?kommune=751")
    assert page.status_code == 200
    body = page.content.decode()
    assert all(f"tekst {n}" in body and f"lokal {n}" in body for n in range(len(stored_broken_references)))
    assert "javascript:" not in body and 'linktype="' not in body
    assert any(r.getMessage() == "broken rich-text reference rendered as text" for r in caplog.records)


def test_stored_broken_references_do_not_blank_the_api_list(client, stored_broken_references):
    result = gql(client, GUIDES_QUERY, m="751")
    assert "errors" not in result
    guides = {edge["node"]["slug"]: edge["node"] for edge in result["data"]["guides"]["edges"]}
    assert set(guides) == {"flytning", "anden"}
    sections = {section["key"]: section for section in guides["flytning"]["sections"]}
    assert all(sections[f"s{n}"]["bodyHtml"].startswith(f"<p>tekst {n}</p>") for n in range(len(sections)))
    assert sections["s3"]["bodyHtml"] == "<p>tekst 3</p>x"  # the link's text, without the link
    assert sections["s0"]["localText"]["bodyHtml"] == "<p>lokal 0</p>"


def test_a_failing_field_is_nulled_at_the_smallest_nullable_point(client, stored_broken_references, monkeypatch):
    """Whatever else may fail while rendering one local text nulls that `localText`, never the guide list."""
    from syndication.graphql.core import html

    real = html.render_rich_text

    def failing(stored):
        if "lokal 2" in (stored or ""):
            raise RuntimeError("unexpected")
        return real(stored)

    monkeypatch.setattr(html, "render_rich_text", failing)
    result = gql(client, GUIDES_QUERY, m="751")
    assert [error["path"][-2:] for error in result["errors"]] == [["localText", "bodyHtml"]]
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    guides = {edge["node"]["slug"]: edge["node"] for edge in result["data"]["guides"]["edges"]}
    assert set(guides) == {"flytning", "anden"}
    sections = {section["key"]: section for section in guides["flytning"]["sections"]}
    assert sections["s2"]["localText"] is None
    assert sections["s1"]["localText"]["bodyHtml"] == "<p>lokal 1</p>"


def draftail_link(text: str, entity_data: dict) -> str:
    """A Draftail (contentstate) value with one LINK entity over ``text``, as a crafted POST would send it."""
    return json.dumps({
        "blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}], "data": {}}],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": entity_data}},
    })


@pytest.mark.parametrize("entity_data", [{"id": "abc"}, {"id": "1 OR 1=1", "url": "/x"}, {"id": ""}])
def test_a_municipal_editors_crafted_draftail_link_cannot_break_the_guide_page(client, entity_data):
    guide = factories.make_guide()
    client.force_login(factories.municipal_editor("751"))
    response = client.post(reverse("wagtailsnippets_content_models_localtext:add"), {
        "guide": guide.pk, "section_key": "anmeld", "municipality": Municipality.objects.get(code="751").pk,
        "body": draftail_link("Book tid i Borgerservice", entity_data), "action-publish": "action-publish",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    text = LocalText.objects.get(guide=guide)
    assert text.live and wagtail_refs(text.body) == []
    client.logout()
    page = client.get(GuidePage.objects.get(pk=guide.pk).url + "?kommune=751")
    assert page.status_code == 200
    assert "Book tid i Borgerservice" in page.content.decode()


def test_stored_broken_references_are_removed_by_the_migration_so_the_admin_editor_opens(client):
    """The admin's editor converts stored rich text for Draftail and raised on them too (500 on the edit page)."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("content_models.migrations.0006_web_addresses_and_safe_stored_rich_text")
    guide = factories.make_guide()
    aarhus = Municipality.objects.get(code="751")
    text = factories.make_local_text(guide, municipality=aarhus)
    hostile = "<p>a</p>" + "".join(PAYLOADS)
    GuideSection.objects.filter(page=guide).update(body=hostile)
    LocalText.objects.filter(pk=text.pk).update(body=hostile)
    for revision in (guide.latest_revision, LocalText.objects.get(pk=text.pk).latest_revision):
        content = revision.content
        for item in content.get("sections") or [content]:
            item["body"] = hostile
        revision.save(update_fields=["content"])

    migration.resanitise_stored_rich_text(apps, None)

    assert [wagtail_refs(s.body) for s in GuideSection.objects.filter(page=guide)] == [[]]
    assert wagtail_refs(LocalText.objects.get(pk=text.pk).body) == []
    guide.refresh_from_db()
    assert wagtail_refs(json.dumps(guide.latest_revision.content)) == []
    client.force_login(factories.national_approver())
    assert client.get(reverse("wagtailadmin_pages:edit", args=[guide.pk])).status_code == 200
    client.force_login(factories.municipal_editor("751"))
    edit = reverse("wagtailsnippets_content_models_localtext:edit", args=[text.pk])
    assert client.get(edit).status_code == 200
