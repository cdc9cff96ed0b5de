from uuid import uuid4

import pytest
from django.conf import settings
from django.test import override_settings

from search.analysis import analyse, stop_words, words
from content_models.kinds import registry
from search.projection import document_for
from search.types import QueryPlan, SearchRequest, TermGroup

from .node_lock import turn_on_node
from tests.unavailable import unavailable



@pytest.fixture
def opensearch(request):
    """A fresh index prefix on the real OpenSearch node (search/opensearch_node), removed afterwards.

    Skips without a node when run by hand; in CI (CI=true) a missing node fails the run. Takes turns on the node
    with tests that stop it, in this run and in any other (node_lock.py).
    """
    url = getattr(settings, "TEST_OPENSEARCH_URL", "")
    if not url:
        message = 'needs OpenSearch: eval "$(bash search/opensearch_node/start.sh | tail -n 1)" before pytest'
        unavailable(message)
    exclusive = request.node.get_closest_marker("opensearch_node_faults") is not None
    with turn_on_node(url, exclusive):
        yield from _fresh_prefix(url)


def _fresh_prefix(url: str):
    prefix = f"test-{uuid4().hex[:8]}"
    # A generous timeout: a busy CI machine must not turn a slow first query into a failure.
    with override_settings(OPENSEARCH_URL=url, SEARCH_INDEX_PREFIX=prefix, SEARCH_OPENSEARCH_TIMEOUT=15):
        from search.engines.opensearch.client import get_client
        from search.engines.opensearch.index import ensure_index

        client = get_client()
        try:
            ensure_index()
            yield client
        finally:
            client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)


def document_of(item) -> dict:
    """The projection document of a live page or standard made by tests/factories.py."""
    document = document_for(registry.for_model(type(item)).code, item.pk)
    assert document is not None, f"{item} is not live"
    return document


def projection_document(object_id="1", kind="guide", title="Flytning", summary="", body="", **fields) -> dict:
    """A hand-written document of the projection's shape (search/projection.py)."""
    slug = fields.pop("slug", f"{kind}-{object_id}")
    document = {
        "kind": kind, "object_id": str(object_id), "language": "da", "slug": slug, "title": title,
        "summary": summary, "body": body, "keywords": "", "url": f"/{slug}/", "topics": [], "authority": "",
        "municipalities": [],
    }
    return document | fields


@pytest.fixture
def os_index(opensearch):
    """Index live items (or ready-made projection documents) and make them searchable at once."""
    from search.engines.opensearch.index import apply
    from search.indexing.operations import documents_as_operations

    def index(*items, version: int = 1) -> list[dict]:
        documents = [item if isinstance(item, dict) else document_of(item) for item in items]
        apply(documents_as_operations(documents, version), refresh=True)
        return documents

    return index


def plan_for(
    text: str, synonyms: dict[str, tuple[str, ...]] | None = None, municipality_hint: str = "", language: str = "da"
) -> QueryPlan:
    """A query plan built by hand (independent of search.plan): one group per word, stop words out,
    ``synonyms`` mapping a word to the phrases that may replace it."""
    groups = []
    for word in words(text):
        if word in stop_words(language):
            continue
        texts = (word, *(synonyms or {}).get(word, ()))
        groups.append(
            TermGroup(
                alternatives=tuple(tuple(analyse(t, language)) for t in texts), texts=texts, original=word,
                is_synonym=len(texts) > 1,
            )
        )
    return QueryPlan(text=text, groups=tuple(groups), municipality_hint=municipality_hint, language=language)


@pytest.fixture
def os_search(opensearch):
    """Search through the OpenSearch engine: os_search("flytning", kinds=("guide",)) -> SearchResponse."""
    from search.engines.opensearch import OpenSearchEngine

    def search(text: str, synonyms=None, exclude=frozenset(), municipality_hint="", **request):
        plan = plan_for(text, synonyms, municipality_hint, language=request.get("language") or "da")
        return OpenSearchEngine().search(plan, SearchRequest(query=text, **request), frozenset(exclude))

    return search


@pytest.fixture(params=("database", "opensearch"))
def engine(request):
    """Run the test once per engine: "database", or "opensearch" on a fresh index of the real node."""
    if request.param == "opensearch":
        request.getfixturevalue("opensearch")
    return request.param


def searchable(engine: str) -> None:
    """Make every live item searchable now: the projection (drain) and, on OpenSearch, both rebuilt as
    search_reindex does (content made before OpenSearch was configured never reached the index through the event
    log; one rebuild gives the projection and the index the same versions)."""
    from content_models.worker.drain import drain

    drain()
    if engine == "opensearch":
        from search.engines.opensearch.index import rebuild
        from search.indexing.database_sink import rebuild as rebuild_projection

        rebuild_projection()
        rebuild()  # refreshes the new index before the alias moves to it
