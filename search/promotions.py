"""Editors' pinned results: for a query, these items come first, in the editor's order."""

from dataclasses import dataclass

from django.core.cache import cache

from .analysis import normalise_query_key
from .models import Promotion, SearchDocument
from .types import SearchHit, SearchRequest


@dataclass(frozen=True)
class Pinned:
    kind: str
    object_id: str
    document: SearchDocument

    def as_hit(self) -> SearchHit:
        doc = self.document
        return SearchHit(kind=doc.kind, slug=doc.slug, title=doc.title, summary=doc.summary, url=doc.url, highlight="",
                         promoted=True, audience=doc.audience, language=doc.language, object_id=doc.object_id)


CACHE_KEY = "search:promotions"


def _active_by_query() -> dict[str, list[tuple[str, str]]]:
    """{normalised query: [(kind, slug), ...] in the editors' order}, cached like the synonyms.

    Most searches have no pinned result: they cost a cache lookup, not a query.
    """
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = {}
        for promotion in Promotion.objects.filter(active=True).order_by("sort_order", "pk"):
            cached.setdefault(normalise_query_key(promotion.query), []).append((promotion.kind, promotion.slug))
        cache.set(CACHE_KEY, cached, timeout=60)
    return cached


def forget() -> None:
    cache.delete(CACHE_KEY)


def _document(kind: str, slug: str, request: SearchRequest) -> SearchDocument | None:
    """The pinned item in the request's language; searching every language, in the preferred one if it has it."""
    documents = SearchDocument.objects.filter(kind=kind, slug=slug)
    if request.language:
        return documents.filter(language=request.language).first()
    found = list(documents)
    return next((d for d in found if d.language == request.preferred_language), found[0] if found else None)


def pinned_hits(query_text: str, request: SearchRequest) -> list[Pinned]:
    """Live items pinned for this query that pass the request's filters (kinds, topic, authority, audience,
    language)."""
    key = normalise_query_key(query_text)
    if not key:
        return []
    pinned = []
    for kind, slug in _active_by_query().get(key, ()):
        if request.kinds and kind not in request.kinds:
            continue
        doc = _document(kind, slug, request)
        if doc is None or (request.topic and request.topic not in doc.topics) or (
            request.authority and request.authority != doc.authority
        ) or (request.audience and request.audience != doc.audience) or (
            request.local_to and request.local_to not in (doc.municipalities or [])
        ):
            continue  # not live (the projection holds only live items), or filtered out
        if all(p.document.pk != doc.pk for p in pinned):
            pinned.append(Pinned(kind=doc.kind, object_id=doc.object_id, document=doc))
    return pinned
