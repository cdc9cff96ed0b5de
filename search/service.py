"""Search for every caller (GraphQL, the citizen site): one entry point, never a failed search.

OpenSearch answers when it is configured and healthy; when it is down, slow or missing
its index, the database engine answers within the same request and the response says
so (``engine``, ``degraded``). After a failure OpenSearch is left alone for
SEARCH_OPENSEARCH_RETRY_AFTER seconds, so an outage costs one time-out, not one per query.
"""

import logging
import time
from dataclasses import replace

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from cms.metrics import SEARCHES

from . import analytics, audience, promotions
from .analysis import LANGUAGES
from .engines.base import EngineUnavailable
from .engines.database import DatabaseEngine
from .plan import build_plan
from .types import SearchHit, SearchRequest, SearchResponse

logger = logging.getLogger(__name__)
_database = DatabaseEngine()


class _Breaker:
    """Remembers the last OpenSearch failure (per process)."""

    def __init__(self):
        self.failed_at = None
        self.reason = ""
        self.outage = False  # from the first failure until OpenSearch answers again (one warning per outage)

    def open(self) -> bool:
        if self.failed_at is None:
            return False
        if time.monotonic() - self.failed_at >= settings.SEARCH_OPENSEARCH_RETRY_AFTER:
            self.failed_at = None
            return False
        return True

    def trip(self, reason: str) -> bool:
        """Remember a failure; True when it starts an outage (the retries within one do not)."""
        started = not self.outage
        self.failed_at, self.reason, self.outage = time.monotonic(), reason, True
        return started

    def reset(self) -> bool:
        """OpenSearch answered; True when that ends an outage."""
        ended = self.outage
        self.failed_at, self.reason, self.outage = None, "", False
        return ended


breaker = _Breaker()


def _opensearch():
    from .engines.opensearch.engine import OpenSearchEngine

    return OpenSearchEngine()


def _engines(engine: str | None):
    """The engines to try, in order."""
    if engine == "database" or (engine is None and not settings.OPENSEARCH_URL):
        return [_database]
    if engine == "opensearch":
        return [_opensearch()]
    if breaker.open():
        return [_database]
    return [_opensearch(), _database]


def _run(method: str, engine: str | None, *args):
    engines = _engines(engine)
    for position, candidate in enumerate(engines):
        try:
            result = getattr(candidate, method)(*args)
        except EngineUnavailable as exc:
            if position == len(engines) - 1:
                raise
            if breaker.trip(str(exc)):
                logger.warning("search falls back to the database engine", extra={"reason": str(exc)})
            continue
        if candidate.name == "opensearch" and breaker.reset():
            logger.info("search answers from OpenSearch again")
        # Degraded: OpenSearch should have answered (configured, not forced away) but the database did.
        degraded = bool(settings.OPENSEARCH_URL) and engine is None and candidate.name == "database"
        return candidate, result, degraded
    raise AssertionError("unreachable")


def plan_for(request: SearchRequest):
    """The query analysed in the request's language, or (no language) in the preferred one and every other."""
    if request.language:
        return build_plan(request.query, request.language)
    preferred = request.preferred_language if request.preferred_language in LANGUAGES else LANGUAGES[0]
    return build_plan(request.query, preferred, tuple(language for language in LANGUAGES if language != preferred))


def search(request: SearchRequest, *, engine: str | None = None, record: bool = True) -> SearchResponse:
    """Ranked results of every kind for ``request``; ``engine`` forces one ("database", "opensearch")."""
    plan = plan_for(request)
    pinned = promotions.pinned_hits(plan.text, request) if not plan.is_empty else []
    exclude = frozenset(f"{h.kind}-{h.object_id}" for h in pinned)
    engine_offset = max(0, request.offset - len(pinned))
    shown_pinned = pinned[request.offset : request.offset + request.first]
    engine_request = replace(request, first=request.first - len(shown_pinned), offset=engine_offset,
                             audience_weights=tuple(sorted(audience.weights_for(plan, request).items())))
    used, response, degraded = _run("search", engine, plan, engine_request, exclude)
    if response.total == 0 and response.did_you_mean and request.correct:
        response = _corrected(response, plan, engine_request, exclude, used.name)
    SEARCHES.labels(used.name, "true" if degraded else "false").inc()
    response.hits = [h.as_hit() for h in shown_pinned] + response.hits
    response.total += len(pinned)
    response.degraded = degraded
    if response.degraded:
        response.notices.append(
            gettext("Søgningen bruger lige nu en reserveløsning; resultaterne kan være mindre præcise.")
        )
    if record:
        # Found by the words as typed: a search answered only by its correction counts as finding nothing, so
        # the typo never becomes a "known" word of the spelling (search/spelling.py) and editors see it.
        found = response.total > 0 and not response.corrected_from
        # After the request's transaction: a search only reads, and on SQLite a read transaction that
        # turns into a write fails at once ("database is locked") when another request is writing.
        transaction.on_commit(lambda: _record_quietly(plan.text, found))
    return response


def _corrected(response: SearchResponse, plan, request: SearchRequest, exclude, engine: str) -> SearchResponse:
    """Nothing found for the words as typed, but for a correction: the results for the corrected words, saying
    so ("Viser resultater for flytning. Søg i stedet efter flytnig"); else the engine's best without correcting."""
    suggestion = response.did_you_mean
    corrected_plan = plan_for(replace(request, query=suggestion))
    try:  # the engine that answered, again: a failure now leaves the answer as it was, never an error
        _, corrected, _ = _run("search", engine, corrected_plan, replace(request, correct=False), exclude)
        if corrected.total:
            corrected.did_you_mean, corrected.corrected_from = suggestion, plan.text
            return corrected
        _, uncorrected, _ = _run("search", engine, plan, replace(request, correct=False), exclude)
    except EngineUnavailable:
        logger.warning("search correction not run", exc_info=True)
        return response
    return uncorrected


def _record_quietly(text: str, found: bool) -> None:
    try:
        analytics.record(text, found=found)
    except DatabaseError:  # statistics must never cost a citizen their search
        logger.warning("search statistics not recorded", exc_info=True)


def suggest(request: SearchRequest, *, engine: str | None = None) -> list[SearchHit]:
    """Autocomplete: titles completing what is typed so far (not logged: every keystroke would be)."""
    plan = plan_for(request)
    if plan.is_empty:
        return []
    _, hits, _ = _run("suggest", engine, plan, request)
    return hits


def query_completions(text: str, n: int = 3) -> list[str]:
    """Autocomplete: earlier searches that found something and start with what is typed, as people typed them."""
    from . import spelling

    return spelling.current().completions(text, n)


def status() -> tuple[bool, str]:
    """For /readyz: (ok, detail). Degraded (not ok) while OpenSearch is configured but failing."""
    if not settings.OPENSEARCH_URL:
        return True, "database engine"
    from .engines.opensearch.client import ping

    if breaker.open():
        return False, f"degraded: answering from the database engine ({breaker.reason})"
    ok, detail = ping()
    if not ok:
        breaker.trip(detail)
        return False, f"degraded: answering from the database engine ({detail})"
    return True, "opensearch"
