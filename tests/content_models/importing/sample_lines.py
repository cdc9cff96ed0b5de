"""Valid import lines of every kind, to be varied per test (one place for test data, like tests/factories.py)."""

import base64
import json

from tests.factories import image_bytes


def image(key="flyttekasser", size=(800, 450), format="PNG", **fields):
    data = base64.b64encode(image_bytes(size, format=format)).decode()
    line = {"kind": "image", "key": key, "title": "Flyttekasser", "alt_text": "Flyttekasser i en stue",
            "file": f"data:image/{format.lower()};base64,{data}"}
    return {**line, **fields}


def topic(slug="bolig-og-flytning", **fields):
    return {"kind": "topic", "slug": slug, "title": fields.pop("title", "Bolig og flytning"), **fields}


def authority(slug="aarhus-kommune", **fields):
    line = {"kind": "authority", "slug": slug, "name": "Aarhus Kommune", "type": "municipality", "municipality": "751"}
    return {**line, **fields}


def standard(identifier="OIOUBL-2.1", **fields):
    return {"kind": "standard", "identifier": identifier, "title": f"Standard {identifier}", "category": "standard",
            **fields}


def self_service_link(slug="anmeld-flytning", **fields):
    line = {"kind": "self_service_link", "slug": slug, "title": "Anmeld flytning",
            "description": "Anmeld din flytning digitalt.", "url": "https://www.borger.dk/flyt"}
    return {**line, **fields}


def guide(slug="flytning", sections=None, **fields):
    if sections is None:
        sections = [{"key": "anmeld", "heading": "Anmeld din flytning", "body_html": "<p>Senest 5 dage.</p>"}]
    return {"kind": "guide", "slug": slug, "title": "Flytning", "summary": "Om flytning.", "sections": sections,
            **fields}


def local_text(guide="flytning", section="anmeld", municipality="751", **fields):
    line = {"kind": "local_text", "guide": guide, "section": section, "body_html": "<p>Lokal tekst.</p>"}
    if municipality:
        line["municipality"] = municipality
    return {**line, **fields}


def step_by_step(slug="koeb-af-bolig", **fields):
    line = {"kind": "step_by_step", "slug": slug, "title": "Køb af bolig", "summary": "Trin for trin.",
            "steps": [{"title": "Læg budget", "body_html": "<p>Start med budgettet.</p>"}]}
    return {**line, **fields}


def teaching_module(slug="kom-i-gang-med-mitid", **fields):
    line = {"kind": "teaching_module", "slug": slug, "title": "Kom i gang med MitID", "summary": "Et forløb.",
            "audience": "Ældre borgere", "level": "beginner", "duration_minutes": 45,
            "objectives": ["Kan logge på med MitID"], "body_html": "<p>Forløbet viser MitID-appen.</p>"}
    return {**line, **fields}


def jsonl(lines) -> bytes:
    """Lines as a JSON Lines file; strings are written as they are (for broken lines)."""
    return "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines
    ).encode("utf-8")
