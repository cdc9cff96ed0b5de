"""The interface both search engines implement."""

from typing import Protocol

from ..types import QueryPlan, SearchHit, SearchRequest, SearchResponse


class EngineUnavailable(RuntimeError):
    """The engine cannot answer now (down, slow, index missing); the service falls back."""

    # An outage, not a bug: the worker waits for the engine (one warning) instead of reporting a failure.
    transient = True


class SearchEngine(Protocol):
    name: str

    def search(self, plan: QueryPlan, request: SearchRequest, exclude: frozenset[str] = frozenset()) -> SearchResponse:
        """Ranked hits of every kind in one list; ``exclude`` holds document ids ("guide-12") already shown."""

    def suggest(self, plan: QueryPlan, request: SearchRequest) -> list[SearchHit]:
        """Titles that complete what is typed so far (autocomplete), best first, at most request.first."""
