"""The OpenSearch engine: ranked hits with facets, highlights, local boost and "did you mean"."""

from opensearchpy import Search
from opensearchpy.exceptions import HTTP_EXCEPTIONS, TransportError

from ... import spelling
from ...plan import spelled_words
from ...types import Facet, FacetValue, QueryPlan, SearchHit, SearchRequest, SearchResponse
from .client import alias_name, get_client, search_timeout, unavailable_on_error
from .query import (
    EXACT,
    FACETS,
    FUZZY,
    HIGHLIGHT_FIELDS,
    HIGHLIGHT_FIELDS_BY_LANGUAGE,
    PREFIX,
    build_autocomplete,
    build_facets,
    build_search,
    local_codes,
    preference,
)


class OpenSearchEngine:
    name = "opensearch"

    def search(self, plan: QueryPlan, request: SearchRequest, exclude: frozenset[str] = frozenset()) -> SearchResponse:
        if plan.is_empty:
            return SearchResponse(total=0, hits=[], engine=self.name)
        def run(strict=True, looseness=EXACT):
            return self._search_and_count(
                build_search(plan, request, exclude, strict=strict, looseness=looseness),
                build_facets(plan, request, exclude, strict=strict, looseness=looseness),
                preference(plan),
            )

        # Whole words first; the last word as a prefix, a correction, near misses, and some of the words only
        # when the stricter way finds nothing (each a round trip only then).
        did_you_mean, partial = "", False
        response = run()
        if not _total(response):
            response = run(looseness=PREFIX)
        if not _total(response):
            did_you_mean = spelling.corrected_text(spelled_words(plan))
            if did_you_mean and request.correct:
                return SearchResponse(total=0, hits=[], engine=self.name, did_you_mean=did_you_mean)
            response = run(looseness=FUZZY)
        if not _total(response) and any(len(p.groups) > 1 for p in plan.languages):
            response = run(strict=False, looseness=FUZZY)
            partial = bool(_total(response))
        codes = set(local_codes(plan, request))
        return SearchResponse(
            total=response["hits"]["total"]["value"],
            hits=[_hit(h, codes) for h in response["hits"]["hits"]],
            engine=self.name,
            facets=_facets(response),
            did_you_mean=did_you_mean,
            partial=partial,
        )

    def suggest(self, plan: QueryPlan, request: SearchRequest) -> list[SearchHit]:
        if not plan.text.strip():
            return []
        response = self._execute(build_autocomplete(plan, request), "autocomplete")
        return [_hit(h, set()) for h in response["hits"]["hits"]]

    def _search_and_count(self, page: Search, counted: Search, preference: str) -> dict:
        """The page of hits, and the total and facets beside it, in one round trip (a multi-search), merged into
        the shape of one search response."""
        body = [{"preference": preference}, page.to_dict(), {"preference": preference}, counted.to_dict()]
        with unavailable_on_error("search"):
            responses = get_client().msearch(index=alias_name(), body=body, request_timeout=search_timeout())
            hits, totals = (_raised_if_failed(response) for response in responses["responses"])
        return {"hits": {"hits": hits["hits"]["hits"], "total": totals["hits"]["total"]},
                "aggregations": totals.get("aggregations", {})}

    def _execute(self, search: Search, action: str) -> dict:
        # The raw response: wrapping it in the DSL's Response objects costs several ms per search.
        with unavailable_on_error(action):
            return get_client().search(index=alias_name(), body=search.to_dict(), request_timeout=search_timeout())


def _raised_if_failed(response: dict) -> dict:
    """One response of a multi-search, or its error raised as the client raises a single search's."""
    if "error" not in response:
        return response
    status = response.get("status", 500)
    error = response["error"]
    kind = error.get("type", "") if isinstance(error, dict) else str(error)
    raise HTTP_EXCEPTIONS.get(status, TransportError)(status, kind, response)


def _total(response: dict) -> int:
    return response["hits"]["total"]["value"]


def _snippet(hit) -> str:
    """The first fragment with a matched word, from the fields of the hit's language first; else the opening of
    the summary (or body)."""
    highlight = hit.get("highlight", {})
    own = HIGHLIGHT_FIELDS_BY_LANGUAGE.get(hit["_source"].get("language"), ())
    fields = (*own, *(field for field in HIGHLIGHT_FIELDS if field not in own))
    fragments = [highlight[field][0] for field in fields if field in highlight]
    marked = [fragment for fragment in fragments if "<mark>" in fragment]
    return (marked or fragments or [""])[0]


def _hit(hit: dict, local_codes: set[str]) -> SearchHit:
    source = hit["_source"]
    return SearchHit(
        kind=source["kind"],
        slug=source["slug"],
        title=source["title"],
        summary=source.get("summary") or "",
        url=source.get("url") or "",
        highlight=_snippet(hit),
        score=hit.get("_score") or 0.0,
        local=bool(local_codes & set(source.get("municipalities") or ())),
        audience=source.get("audience") or "",
        language=source.get("language") or "da",
        object_id=source.get("object_id") or "",
    )


def _facets(response) -> list[Facet]:
    aggregations = response.get("aggregations", {})
    return [
        # Empty keys (an item without an authority) are no choice to offer.
        Facet(name, [FacetValue(value=b["key"], count=b["doc_count"]) for b in aggregations[name]["buckets"] if b["key"]])
        for name in FACETS
        if name in aggregations
    ]
