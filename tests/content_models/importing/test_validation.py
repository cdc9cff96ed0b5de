"""Line-by-line validation: every problem is reported as `line N: field: problem`, all of them at once."""

import pytest

from . import sample_lines as s

pytestmark = pytest.mark.django_db

KINDS = "topic, authority, image, self_service_link, guide, step_by_step, teaching_module, local_text, standard"


@pytest.mark.parametrize(
    "line, expected",
    [
        pytest.param(
            '{"kind": "topic", "slug": "a"',
            ["line 1: -: invalid JSON: Expecting ',' delimiter at column 30; each line must be one complete JSON "
             "object"],
            id="json-syntax",
        ),
        pytest.param('{"kind": "teaching_module", "duration_minutes": NaN}',
                     ["line 1: -: invalid JSON: NaN is not valid JSON"], id="json-nan"),
        pytest.param(
            s.topic(title="Bolig\u0000"), ["line 1: title: contains a NUL character (\\u0000); remove it"],
            id="nul-character",
        ),
        pytest.param('[1, 2]', ['line 1: -: must be a JSON object with a "kind", got list'], id="not-an-object"),
        pytest.param(
            '{"kind": "topic", "slug": "a", "title": "A", "slug": "b"}',
            ["line 1: slug: given more than once in the object; give it once"],
            id="repeated-key",
        ),
        pytest.param({"slug": "x"}, [f"line 1: kind: required field is missing; use one of {KINDS}"], id="no-kind"),
        pytest.param({"kind": "gide"}, [f"line 1: kind: unknown kind 'gide'; use one of {KINDS}"], id="unknown-kind"),
        pytest.param(
            s.topic(colour="blå"),
            ["line 1: colour: unknown field; remove it (topic lines take slug, title, parent, description, kind, "
             "delete)"],
            id="unknown-field",
        ),
        pytest.param(
            s.topic(live=False),
            ["line 1: live: unknown field; remove it (topic lines take slug, title, parent, description, kind, "
             "delete)"],
            id="topics-are-not-published",
        ),
        pytest.param(
            {"kind": "guide", "slug": "flytning", "summary": "Om flytning."},
            ["line 1: title: required field is missing", "line 1: sections: required field is missing"],
            id="required-fields",
        ),
        pytest.param(s.guide(title=None), ["line 1: title: required field is missing"], id="required-null"),
        pytest.param(s.guide(title="   "), ["line 1: title: must not be empty"], id="required-blank"),
        pytest.param(s.guide(topics="skat"), ["line 1: topics: must be a list, got string"], id="list-type"),
        pytest.param(s.guide(title=42), ["line 1: title: must be a string, got number"], id="string-type"),
        pytest.param(
            s.guide(title="x" * 256), ["line 1: title: is 256 characters long; shorten it to at most 255"],
            id="too-long",
        ),
        pytest.param(
            s.guide(slug="Flyt ning"),
            ["line 1: slug: must be a slug (letters, digits, hyphens and underscores only), got 'Flyt ning'"],
            id="slug",
        ),
        pytest.param(
            s.guide(locale="de"), ["line 1: locale: must be one of da, en; got 'de'"], id="locale",
        ),
        pytest.param(
            s.self_service_link(login="nemid"),
            ["line 1: login: must be one of none, mitid, mitid_erhverv; got 'nemid'"],
            id="enumeration",
        ),
        pytest.param(
            s.self_service_link(url="ftp://files.example.dk/flyt"),
            ["line 1: url: must be an http or https URL, got 'ftp://files.example.dk/flyt'"],
            id="url-scheme",
        ),
        pytest.param(
            s.self_service_link(url="javascript:alert(1)"),
            ["line 1: url: must be an http or https URL, got 'javascript:alert(1)'"],
            id="url-javascript",
        ),
        pytest.param(
            s.self_service_link(municipality_urls={"75": "https://aarhus.dk", "751": "mailto:a@b.dk"}),
            ['line 1: municipality_urls.75: must be a 3-digit municipality code such as "751" (or "0751"), got \'75\'',
             "line 1: municipality_urls.751: must be an http or https URL, got 'mailto:a@b.dk'"],
            id="municipality-urls",
        ),
        pytest.param(
            s.self_service_link(municipality_urls={"751": "https://aarhus.dk", "0751": "https://aarhus.dk/2"}),
            ["line 1: municipality_urls.0751: is the same code as '751'; give each code once"],
            id="municipality-urls-same-code-twice",
        ),
        pytest.param(
            s.self_service_link(region_urls={"Midtjylland": "https://rm.dk"}),
            ['line 1: region_urls.Midtjylland: must be a 4-digit region code such as "1082" (1081-1085), '
             "got 'Midtjylland'"],
            id="region-urls",
        ),
        pytest.param(
            s.authority(municipality=None),
            ["line 1: municipality: required when type is 'municipality'; give the municipality code"],
            id="municipality-authority-needs-code",
        ),
        pytest.param(
            s.authority(type="region", municipality=None),
            ["line 1: region: required when type is 'region'; give the region code"],
            id="region-authority-needs-code",
        ),
        pytest.param(
            s.authority(municipality=751),
            ['line 1: municipality: must be a string such as "751", got number'],
            id="code-as-number",
        ),
        pytest.param(
            s.authority(cvr="1234"),
            ['line 1: cvr: must be a CVR number of 8 digits as a string such as "12345678", got \'1234\''],
            id="cvr",
        ),
        pytest.param(
            s.guide(sections=[]), ["line 1: sections: must not be empty"], id="sections-empty",
        ),
        pytest.param(
            s.guide(sections=[
                {"key": "anmeld", "heading": "A", "body_html": "<p>a</p>"},
                {"key": "frister", "heading": "B", "body_html": "<p>b</p>", "colour": "red"},
                {"key": "anmeld", "heading": "C", "body_html": "<p>c</p>"},
                {"key": "Nøgle med mellemrum", "heading": "", "body_html": "<p>d</p>"},
            ]),
            ["line 1: sections[1].colour: unknown field; remove it (sections take key, heading, body_html)",
             "line 1: sections[2].key: duplicate key 'anmeld' (also sections[0]); give each once",
             "line 1: sections[3].key: must be a slug (letters, digits, hyphens and underscores only), "
             "got 'Nøgle med mellemrum'",
             "line 1: sections[3].heading: must not be empty"],
            id="sections",
        ),
        pytest.param(
            s.guide(sections=[{"key": "anmeld", "heading": "A", "body_html": "<script>alert(1)</script>"}]),
            ["line 1: sections[0].body_html: has no content left after removing disallowed HTML; give text in "
             "allowed tags such as <p>"],
            id="html-only-disallowed",
        ),
        pytest.param(
            s.guide(topics=["skat", "skat"]),
            ["line 1: topics[1]: duplicate 'skat' (also topics[0]); give each once"],
            id="topic-listed-twice",
        ),
        pytest.param(
            s.teaching_module(duration_minutes=0, level="expert", objectives=[]),
            ["line 1: level: must be one of beginner, intermediate, advanced; got 'expert'",
             "line 1: duration_minutes: must be a positive whole number, got 0",
             "line 1: objectives: must not be empty"],
            id="teaching-module",
        ),
        pytest.param(
            s.teaching_module(duration_minutes="45", objectives=["Kan logge på", ""]),
            ["line 1: duration_minutes: must be a positive whole number, got '45'",
             "line 1: objectives[1]: must not be empty; remove the item or give a value"],
            id="teaching-module-types",
        ),
        pytest.param(
            s.teaching_module(duration_minutes=True), ["line 1: duration_minutes: must be a positive whole number, "
                                                       "got true"],
            id="boolean-is-not-a-number",
        ),
        pytest.param(
            s.step_by_step(steps=[{"title": "Budget", "body_html": "<p>x</p>", "tools": ["Budget\nLån"]}]),
            ["line 1: steps[0].tools[0]: must be a single line (each item is stored on its own line)"],
            id="tool-with-line-break",
        ),
        pytest.param(
            s.local_text(region="1082"),
            ["line 1: region: give either municipality or region, not both"],
            id="local-text-two-places",
        ),
        pytest.param(
            s.local_text(municipality=None),
            ["line 1: municipality: required: give either municipality or region"],
            id="local-text-no-place",
        ),
        pytest.param(
            s.standard(category="norm", related="NemHandel"),
            ["line 1: category: must be one of standard, architecture_document, service, organisation; got 'norm'",
             "line 1: related: must be a list, got string"],
            id="standard",
        ),
        pytest.param(
            {"kind": "guide", "slug": "flytning", "delete": True, "title": "Flytning"},
            ["line 1: title: not allowed on a delete line, which takes only kind and slug, locale"],
            id="delete-line-takes-identifiers-only",
        ),
        pytest.param(
            {"kind": "guide", "slug": "flytning", "delete": True, "live": False},
            ["line 1: live: not allowed on a delete line, which takes only kind and slug, locale"],
            id="delete-and-live",
        ),
        pytest.param(
            s.guide(live="no"), ["line 1: live: must be true or false, got 'no'"], id="live-boolean",
        ),
        pytest.param(
            {"kind": "standard", "delete": True}, ["line 1: identifier: required field is missing"],
            id="delete-needs-identifier",
        ),
    ],
)
def test_bad_line_is_reported_with_field_and_reason(errors_for, line, expected):
    assert errors_for([line]) == expected


def test_valid_lines_of_every_kind_have_no_errors(errors_for):
    lines = [
        s.topic(), s.authority(), s.standard(), s.self_service_link(), s.guide(), s.local_text(),
        s.step_by_step(), s.teaching_module(),
    ]
    assert errors_for(lines) == []


def test_optional_fields_may_be_null_or_absent(errors_for):
    lines = [
        s.topic(parent=None, description=None),
        s.authority(slug="skat", type="state", municipality=None, region=None, cvr=None, url=None),
        s.self_service_link(authority=None, login=None, audience=None, topics=None, municipality_urls=None),
        s.guide(locale=None, topics=None, self_service_links=None),
    ]
    assert errors_for(lines) == []


def test_every_error_of_every_line_is_collected(errors_for):
    lines = [
        s.topic(),
        "not json",
        "",
        s.guide(title=None, login="mitid"),
        {"kind": "step_by_step", "slug": "koeb-af-bolig"},
    ]
    assert errors_for(lines) == [
        "line 2: -: invalid JSON: Expecting value at column 1; each line must be one complete JSON object",
        "line 4: login: unknown field; remove it (guide lines take slug, locale, title, summary, topics, "
        "self_service_links, sections, owner, review_by, "
        "image, kind, live, delete)",
        "line 4: title: required field is missing",
        "line 5: title: required field is missing",
        "line 5: summary: required field is missing",
        "line 5: steps: required field is missing",
    ]


def test_blank_lines_are_skipped_but_keep_the_numbering(errors_for):
    assert errors_for(["", "   ", s.topic(title=None)]) == ["line 3: title: required field is missing"]


def test_invalid_utf8_is_reported_per_line(errors_for):
    from content_models.importing.runner import validate

    data = b'{"kind": "topic", "slug": "a", "title": "A"}\n{"kind": "topic", "slug": "b", "title": "\xe6"}\n'
    _, errors, _ = validate(data)
    assert [str(e) for e in errors] == ["line 2: -: not valid UTF-8 (byte 42); save the file as UTF-8"]


def test_a_byte_order_mark_is_ignored():
    from content_models.importing.runner import validate

    _, errors, _ = validate(b'\xef\xbb\xbf{"kind": "topic", "slug": "a", "title": "A"}\n')
    assert errors == []


def test_unpublish_line_needs_only_the_identifying_fields(errors_for):
    # The item must exist, so create it first.
    lines = [s.guide(), {"kind": "guide", "slug": "flytning", "live": False}]
    assert errors_for(lines) == ["line 2: slug: duplicate guide 'flytning' (also on line 1); give each item once per "
                                 "file"]
    assert errors_for([s.guide(), {"kind": "guide", "slug": "andet", "live": False}]) == [
        "line 2: -: unknown guide 'andet' (nothing to unpublish; give the full content to create it as a draft)"
    ]
