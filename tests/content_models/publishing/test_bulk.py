"""Publishing in bulk leaves the database as publishing one by one does (rows, revisions, log, events, indexes)."""

import datetime

import pytest
from django.db.models.signals import ModelSignal
from wagtail.models import ModelLogEntry, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published, published

from content_models import background, publishing
from content_models.local_variants import services as local_variants
from content_models.models import (
    GuidePage,
    GuideSection,
    LocalText,
    Municipality,
    NationalText,
    PublishingEvent,
    SelfServiceLinkPage,
    SelfServiceUrlOverride,
)
from content_models.publishing import bulk
from content_models.site_structure import index_page_for
from tests import factories

pytestmark = pytest.mark.django_db

# Values that differ between any two items however they were made.
_OWN = {"id", "pk", "page_ptr", "path", "url_path", "slug", "title", "draft_title", "translation_key", "summary",
        "first_published_at", "last_published_at", "latest_revision_created_at", "live_revision", "latest_revision",
        "last_major_update_at", "reviewed_at", "page", "guide", "link", "municipality", "body", "url"}


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in _OWN}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _guide(slug, topic, link):
    page = GuidePage(title=f"Vejledning {slug}", slug=slug, summary="Om det.", locale=factories._locale(), live=False)
    page.sections = [GuideSection(key="a", heading="A", body="<p>Et.</p>", sort_order=0),
                     GuideSection(key="b", heading="B", body="<p>To.</p>", sort_order=1)]
    page.topics, page.self_service_links = [topic], [link]
    return page


def _state(obj):
    """What an item leaves in the database, without what is its own (ids, slugs, times)."""
    obj = type(obj).objects.get(pk=obj.pk)
    log_model = PageLogEntry if isinstance(obj, Page) else ModelLogEntry
    log = log_model.objects.filter(page=obj) if isinstance(obj, Page) else log_model.objects.filter(
        content_type__model=obj._meta.model_name, object_id=str(obj.pk))
    revisions = Revision.objects.filter(object_id=str(obj.pk), base_content_type=obj.get_base_content_type())
    references = ReferenceIndex.objects.filter(object_id=str(obj.pk), base_content_type=obj.get_base_content_type())
    return {
        "row": _plain({f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
                       if f.attname.removesuffix("_id") not in _OWN}),
        "revisions": [_plain(r.content) for r in revisions],
        "revision_points_at_row": [obj.latest_revision_id, obj.live_revision_id] == [revisions.get().pk] * 2,
        "log": sorted((e.action, e.content_changed, e.revision_id is not None, e.data) for e in log),
        "events": [(e.kind, e.action, sorted(e.details)) for e in PublishingEvent.objects.filter(object_id=obj.pk)],
        "national_texts": sorted(NationalText.objects.filter(page_id=obj.pk).values_list("key", flat=True)),
        "references": sorted((r.to_content_type_id, r.model_path, r.content_path.split(".")[0]) for r in references),
        "review_by_set": getattr(obj, "review_by", None) == getattr(obj, "review_by", 1),
        "published_together": obj.first_published_at == obj.last_published_at,
    }


def test_bulk_published_guides_are_stored_as_publishing_each_would():
    topic = factories.TopicFactory()
    link = factories.make_self_service_link(authority=factories.AuthorityFactory())
    one_by_one = _guide("en-ad-gangen", topic, link)
    one_by_one.content_owner = link.authority
    index_page_for(GuidePage).add_child(instance=one_by_one)
    publishing.publish(one_by_one)

    together = [_guide(f"samlet-{n}", topic, link) for n in range(3)]
    for page in [one_by_one, *together]:
        page.content_owner = link.authority
    bulk.publish_new_pages(index_page_for(GuidePage), together)

    expected = _state(one_by_one)
    assert expected["events"] == [("guide", "PUBLISHED", ["major", "revision", "topics"])]
    assert [path for _, path, _ in expected["references"]] == ["content_owner"]
    assert expected["national_texts"] == ["a", "b"]
    for page in together:
        assert _state(page) == expected
    index = index_page_for(GuidePage)
    assert index.get_children().count() == index.numchild == 4
    assert [p.slug for p in index.get_children()] == ["en-ad-gangen", "samlet-0", "samlet-1", "samlet-2"]
    assert Page.find_problems() == ([], [], [], [], [])  # treebeard: paths, depths, numchild all consistent
    stored = GuidePage.objects.get(slug="samlet-2")
    assert [s.key for s in stored.sections.all()] == ["a", "b"] and list(stored.topics.all()) == [topic]
    assert stored.url == "/vejledninger/samlet-2/" or stored.url.endswith("/vejledninger/samlet-2/")


def test_bulk_published_local_variants_are_stored_as_publishing_each_would():
    guide = factories.make_guide(sections=[("anmeld", "Anmeld", "<p>Anmeld.</p>")])
    link = factories.make_self_service_link()
    aarhus, odense, koebenhavn = (Municipality.objects.get(code=c) for c in ("751", "461", "101"))
    one_text = local_variants.save_local_text_on(user=None, item=guide, key="anmeld", body_html="<p>Her.</p>",
                                                 municipality=aarhus, publish=True)
    one_url = local_variants.save_url_override(user=None, link=link, url="https://aarhus.dk/flyt",
                                               municipality=aarhus, publish=True)
    texts = [LocalText(guide=guide, section_key="anmeld", municipality=m, body="<p>Her.</p>") for m in
             (odense, koebenhavn)]
    urls = [SelfServiceUrlOverride(link=link, municipality=m, url="https://kommune.dk/flyt") for m in
            (odense, koebenhavn)]
    bulk.publish_new(texts)
    bulk.publish_new(urls)
    for mine, theirs in ((one_text, texts), (one_url, urls)):
        expected = _state(mine)
        assert expected["references"]
        assert expected["events"][0][:2] in {("local_text", "PUBLISHED"), ("self_service_url", "PUBLISHED")}
        for obj in theirs:
            assert _state(obj) == expected
    assert LocalText.objects.filter(reviewed_at__isnull=False).count() == 3


def test_inside_deferred_the_indexes_are_written_once_at_the_end():
    topic, link = factories.TopicFactory(), factories.make_self_service_link()
    page = _guide("udskudt", topic, link)
    page.content_owner = factories.AuthorityFactory()  # a reference the index records
    with background.deferred():
        bulk.publish_new_pages(index_page_for(GuidePage), [page])
        assert not ReferenceIndex.objects.filter(object_id=str(page.pk), model_path="content_owner").exists()
    assert ReferenceIndex.objects.filter(object_id=str(page.pk), model_path="content_owner").exists()


def test_a_batch_of_pages_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    topic, link = factories.TopicFactory(), factories.make_self_service_link()
    index = index_page_for(GuidePage)
    pages = [_guide(f"mange-{n}", topic, link) for n in range(60)]
    with django_assert_max_num_queries(35):
        with background.deferred():
            bulk.publish_new_pages(index, pages)
    assert GuidePage.objects.filter(slug__startswith="mange-", live=True).count() == 60


def _receiver_uids(signal: ModelSignal) -> list[str]:
    return [key[0] for key, *_ in signal.receivers]


def test_every_receiver_of_the_publish_signals_has_its_batch_counterpart():
    """A receiver added to Wagtail's publish signals must also be added to publishing.bulk, or bulk publishing
    (imports) would skip what it does."""
    assert _receiver_uids(page_published) == list(bulk.PAGE_RECEIVERS)
    assert _receiver_uids(published) == list(bulk.RECEIVERS)


def test_review_dates_follow_the_same_rule():
    topic, link = factories.TopicFactory(), factories.make_self_service_link()
    page = _guide("med-dato", topic, link)
    page.review_by = datetime.date(2100, 1, 1)
    bulk.publish_new_pages(index_page_for(GuidePage), [page])
    assert GuidePage.objects.get(slug="med-dato").review_by == datetime.date(2100, 1, 1)
    assert GuidePage.objects.get(slug="med-dato").last_major_update_at is not None
    assert SelfServiceLinkPage.objects.get().review_by is not None
