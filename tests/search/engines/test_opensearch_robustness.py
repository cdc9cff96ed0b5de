"""Whatever is typed, and whatever state OpenSearch is in, the engine answers or raises EngineUnavailable
(which makes the service answer from the database)."""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from search.engines.base import EngineUnavailable
from search.engines.opensearch import OpenSearchEngine
from search.engines.opensearch.client import alias_name, ping
from search.engines.opensearch.index import apply, ensure_index, rebuild
from search.indexing.operations import Operation
from search.types import QueryPlan, SearchRequest, TermGroup
from tests.search.conftest import plan_for, projection_document

HOSTILE = [
    "title:*",
    "AND OR (",
    'kind:guide OR "unclosed',
    "/.*/ ~ ^2 \\ { } [ ] !",
    "flytning 🏠🚚 😀",
    "<script>alert(1)</script>",
    "a" * 10_000,
    "flytning " * 1_200,
    "\x00\x1f\u202e",
]
CLOSED_PORT = "http://127.0.0.1:9"


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_just_text(os_index, os_search, text):
    os_index(projection_document(1, title="Flytning", summary="Anmeld din flytning."))
    response = os_search(text)
    assert response.engine == "opensearch" and response.total >= 0
    OpenSearchEngine().suggest(plan_for(text), SearchRequest(query=text))


@pytest.mark.django_db
def test_a_hand_built_plan_with_raw_syntax_in_its_texts_is_still_text(os_index):
    os_index(projection_document(1, title="Flytning"))
    group = TermGroup(alternatives=(("titl",),), texts=("title:* OR (", "*"), original="title:*")
    response = OpenSearchEngine().search(QueryPlan(text="title:*", groups=(group,)), SearchRequest(query="title:*"))
    assert response.total == 0


@pytest.mark.django_db
def test_a_plan_of_stop_words_only_finds_nothing(os_index):
    os_index(projection_document(1, title="Flytning og bolig"))
    group = TermGroup(alternatives=((),), texts=("og",), original="og")
    assert OpenSearchEngine().search(QueryPlan(text="og", groups=(group,)), SearchRequest(query="og")).total == 0


@pytest.mark.django_db
def test_an_empty_plan_finds_nothing(opensearch):
    assert OpenSearchEngine().search(QueryPlan(text=""), SearchRequest(query="")).total == 0
    assert OpenSearchEngine().suggest(QueryPlan(text=""), SearchRequest(query="")) == []


@override_settings(OPENSEARCH_URL=CLOSED_PORT)
def test_a_closed_port_raises_engine_unavailable_quickly():
    started = time.monotonic()
    with pytest.raises(EngineUnavailable):
        OpenSearchEngine().search(plan_for("flytning"), SearchRequest(query="flytning"))
    with pytest.raises(EngineUnavailable):
        OpenSearchEngine().suggest(plan_for("flyt"), SearchRequest(query="flyt"))
    with pytest.raises(EngineUnavailable):
        ensure_index()
    with pytest.raises(EngineUnavailable):
        apply([Operation(kind="guide", object_id="1", version=1, document=projection_document())])
    assert time.monotonic() - started < 5
    assert ping()[0] is False


@override_settings(OPENSEARCH_URL="")
def test_no_url_is_unavailable_too():
    with pytest.raises(EngineUnavailable):
        OpenSearchEngine().search(plan_for("flytning"), SearchRequest(query="flytning"))


@pytest.mark.django_db
def test_a_missing_index_raises_engine_unavailable(opensearch):
    opensearch.indices.delete(index=f"{alias_name()}-*")
    assert ping() == (False, f"OpenSearch index {alias_name()} missing: run manage.py search_reindex")
    with pytest.raises(EngineUnavailable):
        OpenSearchEngine().search(plan_for("flytning"), SearchRequest(query="flytning"))


@pytest.mark.django_db
def test_a_rejected_half_of_the_search_raises_engine_unavailable(os_index, monkeypatch):
    """The page and its count go in one multi-search, whose parts fail one by one: a part the node rejects must
    fail the search (the service then answers from the database), not give an empty page."""
    from opensearchpy import A

    from search.engines.opensearch import engine, query

    os_index(projection_document(1, title="Flytning"))

    def rejected_facets(*args, **kwargs):
        search = query.build_facets(*args, **kwargs)
        search.aggs.bucket("broken", A("terms", field="title"))  # a text field: no aggregations on it
        return search

    monkeypatch.setattr(engine, "build_facets", rejected_facets)
    with pytest.raises(EngineUnavailable, match="search failed"):
        OpenSearchEngine().search(plan_for("flytning"), SearchRequest(query="flytning"))


@pytest.mark.django_db
def test_ping_is_ok_with_an_index(opensearch):
    assert ping() == (True, "opensearch")


@pytest.mark.django_db
@override_settings(OPENSEARCH_URL=CLOSED_PORT)
def test_search_reindex_says_what_to_do_when_opensearch_is_unreachable():
    with pytest.raises(CommandError, match="opensearch_node/start.sh"):
        call_command("search_reindex", "--opensearch-only", stdout=io.StringIO())


@pytest.mark.django_db
@override_settings(OPENSEARCH_URL="")
def test_search_reindex_opensearch_only_needs_the_url():
    with pytest.raises(CommandError, match="OPENSEARCH_URL"):
        call_command("search_reindex", "--opensearch-only", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_failed_rebuild_leaves_the_old_index_serving(opensearch, os_index, os_search, monkeypatch):
    os_index(projection_document(1, title="Flytning"))
    before = set(opensearch.indices.get(index=f"{alias_name()}-*"))

    def broken_documents():
        yield projection_document(2, title="Flytning 2")
        raise RuntimeError("database went away")

    monkeypatch.setattr("search.engines.opensearch.index.all_documents", broken_documents)
    with pytest.raises(RuntimeError, match="database went away"):
        rebuild()
    assert set(opensearch.indices.get(index=f"{alias_name()}-*")) == before
    assert [hit.title for hit in os_search("flytning").hits] == ["Flytning"]
