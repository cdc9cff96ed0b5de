"""A large import through the fast path (runs of lines in bulk) is right afterwards: events, revisions, log,
indexes, search, the round trip, and a re-import that changes nothing."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from wagtail.search.models import IndexEntry
from wagtail.models import PageLogEntry, ReferenceIndex, Revision

from bench.common import national_mix
from content_models.importing import export
from content_models.importing.runner import RUN_LENGTH
from content_models.importing.schema import validate_line
from content_models.models import GuidePage, LocalText, PublishingEvent, SelfServiceUrlOverride
from content_models.publishing import bulk
from search.service import search
from search.types import SearchRequest

pytestmark = pytest.mark.django_db

GUIDES, LINKS, URLS, LOCAL_TEXTS = 24, 12, 10, 150


@pytest.fixture
def mix(tmp_path):
    lines = list(national_mix(guides=GUIDES, links=LINKS, local_texts=LOCAL_TEXTS, urls_per_link=URLS))
    path = tmp_path / "mix.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path, lines


def run(path, *args):
    out = StringIO()
    call_command("import_content", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_every_item_is_published_once_with_its_revision_log_and_indexes(mix, monkeypatch):
    monkeypatch.setattr("content_models.importing.runner.RUN_LENGTH", 7)  # several runs of every kind
    path, lines = mix
    assert "Imported: %d changed, 0 unchanged, 0 invalid." % len(lines) in run(path)

    events = Counter(PublishingEvent.objects.values_list("kind", "action"))
    assert events == {("guide", "PUBLISHED"): GUIDES, ("self_service_link", "PUBLISHED"): LINKS,
                      ("self_service_url", "PUBLISHED"): LINKS * URLS, ("local_text", "PUBLISHED"): LOCAL_TEXTS}
    assert len(set(PublishingEvent.objects.values_list("kind", "object_id"))) == sum(events.values())

    for guide in GuidePage.objects.all():
        assert guide.live and not guide.has_unpublished_changes
        revision = Revision.objects.get(object_id=str(guide.pk), base_content_type=guide.get_base_content_type())
        assert guide.latest_revision_id == guide.live_revision_id == revision.pk
        assert revision.content["title"] == guide.title
        assert [s["key"] for s in revision.content["sections"]] == ["afsnit-1", "afsnit-2", "afsnit-3", "afsnit-4"]
        assert sorted(PageLogEntry.objects.filter(page=guide).values_list("action", flat=True)) == [
            "wagtail.create", "wagtail.edit", "wagtail.publish"]
    for local_text in LocalText.objects.all():
        assert local_text.live and local_text.latest_revision_id == local_text.live_revision_id is not None
        assert local_text.reviewed_at is not None
    guide_ids = {str(pk) for pk in GuidePage.objects.values_list("pk", flat=True)}
    assert {e.object_id for e in IndexEntry.objects.filter(object_id__in=guide_ids)} == guide_ids  # admin search
    override = SelfServiceUrlOverride.objects.first()
    assert ReferenceIndex.objects.filter(object_id=str(override.pk), model_path="link").exists()


def test_the_round_trip_holds_and_a_second_import_changes_nothing(mix):
    path, lines = mix
    run(path)
    normalised = [validate_line(number, line).as_export() for number, line in enumerate(lines, 1)]
    assert _canonical(export.export_lines()) == _canonical(normalised)
    events, revisions = PublishingEvent.objects.count(), Revision.objects.count()
    assert "Imported: 0 changed, %d unchanged, 0 invalid." % len(lines) in run(path)
    assert (PublishingEvent.objects.count(), Revision.objects.count()) == (events, revisions)


def _canonical(lines) -> list[str]:
    """Lines as sets of fields, without the review date a publish sets by itself."""
    return sorted(
        json.dumps({k: v for k, v in line.items() if v not in (None, [], {}) and k != "review_by"}, sort_keys=True)
        for line in lines
    )


def test_imported_items_are_searchable_after_the_worker_ran(mix):
    path, _ = mix
    run(path)
    call_command("run_worker", "--once", stdout=StringIO())
    for number in (1, GUIDES // 2, GUIDES):
        title = GuidePage.objects.get(slug=f"masse-vejledning-{number - 1:04}").title
        found = search(SearchRequest(query=title, kinds=("guide",), first=3), engine="database", record=False)
        assert f"masse-vejledning-{number - 1:04}" in [hit.slug for hit in found.hits]


def test_a_run_that_fails_in_bulk_is_applied_line_by_line(mix, monkeypatch):
    path, lines = mix

    def refuse(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(bulk, "publish_new", refuse)
    assert "Imported: %d changed" % len(lines) in run(path)
    assert PublishingEvent.objects.filter(kind="local_text").count() == LOCAL_TEXTS
    assert RUN_LENGTH >= 100
