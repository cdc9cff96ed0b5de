"""Import limits: oversized, over-deep or undecodable input gets `line N: field: problem` and stores nothing, and
the work stays linear (hostile nesting is refused before parsing; a guide's references are indexed once)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, ReferenceIndex

from content_models.html_sanitiser import HtmlTooDeep, nesting_depth, sanitise_html
from content_models.models import GuidePage, GuideSection, PublishingEvent, Topic
from tests.content_models.importing.sample_lines import guide, jsonl, step_by_step, topic

pytestmark = pytest.mark.django_db


def import_file(tmp_path, data: bytes):
    """import_content on ``data``; returns (stdout, the CommandError's text or "")."""
    path = tmp_path / "import.jsonl"
    path.write_bytes(data)
    stdout = StringIO()
    try:
        call_command("import_content", str(path), stdout=stdout, stderr=StringIO())
    except CommandError as error:
        return stdout.getvalue(), str(error)
    return stdout.getvalue(), ""


def assert_refused(tmp_path, data: bytes, *expected_errors: str):
    _, error = import_file(tmp_path, data)
    assert error.startswith("1 invalid line(s); nothing was imported"), error
    for expected in expected_errors:
        assert expected in error.splitlines(), error.splitlines()
    assert not GuidePage.objects.filter(slug__in=["flytning", "stor"]).exists() and not Topic.objects.exists()
    assert not PublishingEvent.objects.exists()


def sections(count, body="<p>Tekst.</p>"):
    return [{"key": f"s{n}", "heading": f"Afsnit {n}", "body_html": body} for n in range(count)]


def test_300000_nested_elements_are_refused_at_once_naming_the_field(tmp_path):
    hostile = "<b>" * 300_000 + "x"
    assert_refused(
        tmp_path, jsonl([topic(), guide(sections=[{"key": "a", "heading": "A", "body_html": hostile}])]),
        "line 2: sections[0].body_html: nesting deeper than 100 elements; flatten the HTML",
    )


def test_the_depth_limit_is_configurable(tmp_path, settings):
    settings.HTML_MAX_DEPTH = 5
    deep = "<b>" * 6 + "x"
    assert_refused(tmp_path, jsonl([topic(), guide(sections=sections(1, deep))]),
                   "line 2: sections[0].body_html: nesting deeper than 5 elements; flatten the HTML")
    settings.HTML_MAX_DEPTH = 6
    assert import_file(tmp_path, jsonl([guide(sections=sections(1, deep))]))[1] == ""


def test_a_line_longer_than_the_limit_is_refused_unread(tmp_path, settings):
    settings.IMPORT_MAX_LINE_BYTES = 50_000
    big = guide(sections=sections(1, "<p>" + "ord " * 20_000 + "</p>"))
    size = len(jsonl([big])) - 1
    assert_refused(tmp_path, jsonl([topic(), big]),
                   f"line 2: -: the line is {size:,} bytes; at most 50,000 bytes per line (IMPORT_MAX_LINE_BYTES): "
                   "shorten the item or split its text")


def test_the_default_line_limit_is_2_mb(settings):
    assert settings.IMPORT_MAX_LINE_BYTES == 2 * 1024 * 1024
    assert settings.IMPORT_MAX_SECTIONS == 200 and settings.HTML_MAX_DEPTH == 100


def test_more_sections_or_steps_than_the_limit_are_refused(tmp_path, settings):
    settings.IMPORT_MAX_SECTIONS = 3
    steps = [{"title": f"Trin {n}", "body_html": "<p>x</p>"} for n in range(4)]
    _, error = import_file(tmp_path, jsonl([guide(sections=sections(4)), step_by_step(steps=steps)]))
    assert error.splitlines()[1:] == [
        "line 1: sections: has 4 items; at most 3 per item are allowed (IMPORT_MAX_SECTIONS): split the item",
        "line 2: steps: has 4 items; at most 3 per item are allowed (IMPORT_MAX_SECTIONS): split the item",
    ]


def test_a_rich_text_longer_than_the_limit_is_refused(tmp_path, settings):
    settings.HTML_MAX_LENGTH = 1000
    assert_refused(tmp_path, jsonl([topic(), guide(sections=sections(1, "<p>" + "x" * 1000 + "</p>"))]),
                   "line 2: sections[0].body_html: is 1,007 characters of HTML; at most 1,000 are allowed, split it up")


@pytest.mark.parametrize(("line", "error"), [
    ('{"kind": ["guide"]}', "line 2: kind: unknown kind list; use one of"),
    ('{"kind": {"guide": 1}}', "line 2: kind: unknown kind object; use one of"),
    ('{"kind":"topic","slug":"bolig","title":"\\ud800"}', "line 2: title: contains half of a UTF-16 surrogate pair"),
    ('{"kind":"guide","slug":"flytning","title":"F","summary":"S","sections":[{"key":"a","heading":"x\\udfffy",'
     '"body_html":"<p>x</p>"}]}', "line 2: sections[0].heading: contains half of a UTF-16 surrogate pair"),
    ('{"kind":"topic","slug":"bolig","title":"T","\\ud800":1}', "line 2: -: contains half of a UTF-16 surrogate pair"),
    ('{"kind":"local_text","guide":"flytning","section":"anmeld","municipality":"751","body_html":"<p>\\ud83d</p>"}',
     "line 2: body_html: contains half of a UTF-16 surrogate pair"),
])
def test_bad_values_give_a_line_error_never_a_traceback(tmp_path, line, error):
    _, message = import_file(tmp_path, jsonl([topic(slug="andet"), line]))
    assert any(row.startswith(error) for row in message.splitlines()), message
    assert not Topic.objects.exists() and not PublishingEvent.objects.exists()


def test_a_complete_surrogate_pair_is_an_ordinary_character(tmp_path):
    _, error = import_file(tmp_path, jsonl(['{"kind":"topic","slug":"bolig","title":"Bolig \\ud83c\\udfe0"}']))
    assert error == "" and Topic.objects.get().title == "Bolig \U0001f3e0"


def test_a_guide_is_indexed_for_where_used_once_not_once_per_section(tmp_path, settings, monkeypatch):
    """Wagtail re-indexed the whole page for each of its rows: 1,000 sections took 45 s (quadratic)."""
    settings.IMPORT_MAX_SECTIONS = 1000
    calls = []
    real = ReferenceIndex.create_or_update_for_object.__func__

    def counting(cls, instance, **kwargs):
        calls.append(type(instance).__name__)
        return real(cls, instance, **kwargs)

    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", classmethod(counting))
    linked = '<p><a linktype="page" id="{}">side</a></p>'
    target = Page.objects.filter(depth=2).first().pk  # the site's home page
    assert import_file(tmp_path, jsonl([guide(slug="stor", sections=sections(300, linked.format(target)))]))[1] == ""
    assert GuideSection.objects.count() == 300
    assert calls.count("GuidePage") == 1 and calls.count("GuideSection") == 0
    page = GuidePage.objects.get(slug="stor")
    assert ReferenceIndex.get_references_for_object(page).filter(to_object_id=str(target)).exists()


@pytest.mark.parametrize(("html", "depth"), [
    ("<p>a<p>b<p>c", 1), ("<ul><li>a<li>b</ul>", 2), ("<b><i><u>x</u></i></b>", 3), ("<br><hr><embed>", 0),
    ("<table><tr><td>x<tr><td>y</table>", 3), ("<ul><li>a<ul><li>b<li>c</ul><li>d</ul>", 4),
    ("<dl><dt>a<dd>b<dt>c</dl>", 2), ("<li>a<li>b", 1), ("<!-- <b><b><b> -->ok", 0), ("<script><b><b></script><i>x", 1),
    ("<a title=\"<b>\">x</a><a>y", 1), ("</b></b><i>x", 1),
])
def test_the_depth_estimate_follows_the_html_tree(html, depth):
    assert nesting_depth(html, 100) == depth


@pytest.mark.parametrize("hostile", [
    "<b>" * 300_000, "<ul><li>" * 100_000, "<div>" * 200_000 + "</div>" * 200_000, "<a " + "<b>" * 300_000,
])
def test_the_sanitiser_refuses_hostile_nesting_without_parsing(hostile):
    with pytest.raises(HtmlTooDeep):
        sanitise_html(hostile)

