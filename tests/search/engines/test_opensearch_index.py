"""The OpenSearch index: external versions, the event-log sink, rebuilds behind the alias, search_reindex."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from content_models import publishing
from content_models.models import PublishingEvent
from search.engines.opensearch import sink
from search.engines.opensearch.client import alias_name
from search.engines.opensearch.index import apply, ensure_index, rebuild
from search.indexing.operations import Operation
from tests.factories import make_guide, make_standard
from tests.search.conftest import projection_document

pytestmark = pytest.mark.django_db


def titles(os_search, query):
    return [hit.title for hit in os_search(query).hits]


def put(version, title=None):
    """Index (title) or delete (None) the same document at ``version``."""
    document = projection_document(7, title=title) if title else None
    apply([Operation(kind="guide", object_id="7", version=version, document=document)], refresh=True)


def test_an_older_event_does_not_overwrite_a_newer_one(opensearch, os_search):
    put(5, "Flytning nyeste")
    put(3, "Flytning gammel")
    assert titles(os_search, "flytning") == ["Flytning nyeste"]


def test_a_deleted_document_is_not_resurrected_by_an_older_event(opensearch, os_search):
    put(5, "Flytning")
    put(7, None)
    put(6, "Flytning")
    assert titles(os_search, "flytning") == []


def test_deleting_a_missing_document_is_fine(opensearch):
    put(2, None)


def test_ensure_index_is_idempotent(opensearch):
    first = ensure_index()
    assert ensure_index() == first
    assert list(opensearch.indices.get_alias(name=alias_name())) == [first]


def test_the_sink_follows_publish_and_unpublish(opensearch, os_search):
    guide = make_guide(slug="flytning", title="Flytning")
    sink.handle(list(PublishingEvent.objects.all()))
    opensearch.indices.refresh(index=alias_name())
    assert titles(os_search, "flytning") == ["Flytning"]

    last = PublishingEvent.objects.order_by("sequence").last().sequence
    publishing.unpublish(guide)
    sink.handle(list(PublishingEvent.objects.filter(sequence__gt=last)))
    opensearch.indices.refresh(index=alias_name())
    assert titles(os_search, "flytning") == []


def test_the_sink_does_nothing_without_opensearch(opensearch):
    make_guide()
    with override_settings(OPENSEARCH_URL=""):
        sink.handle(list(PublishingEvent.objects.all()))
    opensearch.indices.refresh(index=alias_name())
    assert opensearch.count(index=alias_name())["count"] == 0


def test_rebuild_swaps_the_alias_while_searches_keep_answering(opensearch, os_search):
    make_guide(slug="flytning", title="Flytning")
    make_standard(identifier="OIOUBL-2.1", title="OIOUBL 2.1")
    old_index = ensure_index()
    rebuild()
    assert titles(os_search, "flytning") == ["Flytning"]

    during = []

    def progress(done, total):
        during.append(titles(os_search, "flytning"))  # the previous index still answers
        if done == total:
            make_guide(slug="flytning-udland", title="Flytning til udlandet")  # published mid-rebuild

    result = rebuild(progress=progress)
    assert during and all(found == ["Flytning"] for found in during)
    assert result["documents"] == 2 and result["seconds"] > 0
    assert list(opensearch.indices.get_alias(name=alias_name())) == [result["index"]]
    assert not opensearch.indices.exists(index=old_index)
    opensearch.indices.refresh(index=alias_name())
    assert sorted(titles(os_search, "flytning")) == ["Flytning", "Flytning til udlandet"]
    assert titles(os_search, "oioubl") == ["OIOUBL 2.1"]


def test_rebuilt_documents_carry_the_latest_event_as_version(opensearch, os_search):
    guide = make_guide(slug="flytning", title="Flytning")
    rebuild()
    latest = PublishingEvent.objects.order_by("sequence").last().sequence
    # An event older than the rebuild cannot remove what the rebuild loaded.
    apply([Operation(kind="guide", object_id=str(guide.pk), version=latest - 1, document=None)], refresh=True)
    assert titles(os_search, "flytning") == ["Flytning"]


def test_search_reindex_rebuilds_both_and_summarises(opensearch, os_search):
    make_guide(slug="flytning", title="Flytning")
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["database", "opensearch"]
    assert all("1 documents in" in line and "docs/s" in line for line in lines)
    assert titles(os_search, "flytning") == ["Flytning"]


def test_search_reindex_opensearch_only(opensearch):
    out = io.StringIO()
    call_command("search_reindex", "--opensearch-only", stdout=out)
    assert out.getvalue().startswith("opensearch: 0 documents in")


def test_an_index_built_before_a_new_field_gets_the_field_without_a_rebuild(opensearch, os_search):
    from search.engines.opensearch import index as search_index
    from search.engines.opensearch.client import get_client

    client = get_client()
    if client.indices.exists_alias(name=alias_name()):
        client.indices.delete(index=",".join(client.indices.get_alias(name=alias_name())))
    body = search_index.index_body()
    del body["mappings"]["properties"]["audience"]  # as the index was before self-service audiences
    client.indices.create(index=f"{alias_name()}-old", body={**body, "aliases": {alias_name(): {}}})
    search_index._fields_checked.clear()

    assert ensure_index() == f"{alias_name()}-old"
    assert "audience" in client.indices.get_mapping(index=f"{alias_name()}-old")[f"{alias_name()}-old"]["mappings"][
        "properties"]
    document = projection_document(8, kind="self_service_link", title="Moms", audience="business")
    apply([Operation(kind="self_service_link", object_id="8", version=1, document=document)], refresh=True)
    assert [hit.audience for hit in os_search("moms", audience="business").hits] == ["business"]
