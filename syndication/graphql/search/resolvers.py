"""GraphQL search: arguments validated here, the search itself in search.service."""

from content_models.models import Topic
from content_models.selectors import default_locale_code
from search import service
from search.types import SearchRequest

from ..core.arguments import resolve_locale, resolve_municipality
from ..core.pagination import decode_cursor, encode_cursor, page_size
from ..self_service.filters import require_known

MAX_OFFSET = 1000  # deep pages of a relevance ranking are noise, and costly
SUGGESTIONS_DEFAULT, SUGGESTIONS_MAX = 8, 20  # as the schema documents `searchSuggestions(first)`


def _offset(after):
    if not after:
        return 0
    offset = decode_cursor("search", after)
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        from ..core.errors import BadUserInput

        raise BadUserInput(f"Search pages end after {MAX_OFFSET} results; refine the query.", argument="after")
    return offset


def _request(query, municipality, kinds, topic, first, offset, locale, authority=None, audience=None):
    place = resolve_municipality(municipality)
    require_known(Topic, "slug", topic, "topic")  # as `guides` does: an unknown topic is the caller's mistake
    return SearchRequest(
        query=query or "",
        municipality=place.code if place else "",
        kinds=tuple(k.value if hasattr(k, "value") else k for k in (kinds or [])),
        topic=topic or "",
        authority=(authority or "")[:100],
        audience=getattr(audience, "value", audience) or "",
        language=resolve_locale(locale) or default_locale_code(),
        first=first,
        offset=offset,
    )


def _hit(hit):
    return {
        "kind": hit.kind, "slug": hit.slug, "title": hit.title, "summary": hit.summary, "url": hit.url,
        "highlight": hit.highlight, "promoted": hit.promoted, "local": hit.local, "audience": hit.audience or None,
    }


def resolve_search(
    root, info, query, municipality=None, kinds=None, topic=None, first=None, after=None, locale=None, authority=None,
    audience=None,
):
    offset = _offset(after)
    request = _request(query, municipality, kinds, topic, page_size(first), offset, locale, authority, audience)
    response = service.search(request)
    edges = [
        {"cursor": encode_cursor("search", offset + i + 1), "node": _hit(hit)} for i, hit in enumerate(response.hits)
    ]
    end = offset + len(response.hits)
    return {
        "total_count": response.total,
        "engine": response.engine,
        "degraded": response.degraded,
        "did_you_mean": response.did_you_mean or None,
        "facets": [
            {"field": f.field, "values": [{"value": v.value, "count": v.count} for v in f.values]}
            for f in response.facets
        ],
        "edges": edges,
        "page_info": {
            "has_next_page": end < response.total and end < MAX_OFFSET,
            "end_cursor": edges[-1]["cursor"] if edges else None,
        },
    }


def resolve_search_suggestions(root, info, query, municipality=None, first=None, locale=None):
    first = page_size(first, default=SUGGESTIONS_DEFAULT, maximum=SUGGESTIONS_MAX)
    request = _request(query, municipality, None, None, first, 0, locale)
    return [_hit(hit) for hit in service.suggest(request)]
