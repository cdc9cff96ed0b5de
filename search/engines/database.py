"""The embedded engine: full text in the database the portal already has.

SQLite FTS5 or PostgreSQL full text over the pre-analysed terms of the projection (each
document analysed in its own language and the query in each language searched, so
stemming, stop words and æ/ø/å folding work on both). What it does: synonyms (from the
query plan), prefix matching of the last word, typo correction against the vocabulary of
titles (with "did you mean"), facets, highlighted snippets, a boost for local content and
for the searcher's own language. What it does not: fuzzy matching inside body text, and
facets are counted over the best 1,000 matches.
"""

from django.db import connection

from .. import spelling
from ..analysis import words
from ..audience import audience_of
from ..highlight import contains_match, snippet
from ..models import SearchDocument
from ..plan import spelled_words
from ..types import Facet, FacetValue, QueryPlan, SearchHit, SearchRequest, SearchResponse, TermGroup
from . import database_sql
from .base import EngineUnavailable
from .database_sql import FACET_FIELDS, FACET_SAMPLE, Found, InArray

SearchDocument._meta.pk.register_lookup(InArray)

CANDIDATES = 10_000  # matches ranked by text score
RERANK = 200  # best matches re-scored with title and local boosts
LOCAL_BOOST = 1.6
EXACT_TITLE_WEIGHT = 1.0  # score factor per query word written as such in the title (share of the words)
EXACT_SUMMARY_WEIGHT = 0.5  # ... in the summary
PREFERRED_LANGUAGE_BOOST = 2.0  # both languages searched: the searcher's page's language ranks first (bm25 of a small language corpus varies more than 1.5x)


class DatabaseEngine:
    name = "database"

    def search(self, plan: QueryPlan, request: SearchRequest, exclude: frozenset[str] = frozenset()) -> SearchResponse:
        if plan.is_empty:
            return SearchResponse(total=0, hits=[], engine=self.name)
        try:
            return self._search(plan, request, exclude)
        except EngineUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken index must not break the search page
            raise EngineUnavailable(f"database search failed: {type(exc).__name__}") from exc

    def _search(self, plan, request, exclude):
        sql = database_sql.for_connection(connection)
        # The query analysed in each language searched, each matched against that language's documents.
        groups = {language_plan.language: list(language_plan.groups) for language_plan in plan.languages}
        did_you_mean, partial = "", False
        # Whole words (and stems, synonyms) first; the last word as a prefix only when they find nothing. Only the
        # best are needed in order: those re-ranked, and the page asked for.
        enough = max(RERANK, request.offset + request.first)
        last_prefix = False
        found = _match(sql, groups, request, require_all=True, limit=CANDIDATES, last_prefix=False, enough=enough)
        if not found.total:
            last_prefix = True
            found = _match(sql, groups, request, require_all=True, limit=CANDIDATES, enough=enough)
        if not found.total:
            did_you_mean = spelling.corrected_text(list(spelled_words(plan)))
            if did_you_mean and request.correct:
                # The service searches the corrected words and says so.
                return SearchResponse(total=0, hits=[], engine=self.name, did_you_mean=did_you_mean)
        if not found.total and any(len(language_groups) > 1 for language_groups in groups.values()):
            found = _match(sql, groups, request, require_all=False, limit=CANDIDATES, enough=enough)
            partial = bool(found.total)
        matches = [m for m in found.ranked if f"{m.kind}-{m.object_id}" not in exclude]
        if not matches:
            return SearchResponse(total=0, hits=[], engine=self.name, did_you_mean=did_you_mean)
        # Items shown above the results (promotions) are not counted again.
        total = found.total - (len(found.ranked) - len(matches))

        municipality = request.municipality or plan.municipality_hint
        ranked = self._rerank(matches[:RERANK], groups, municipality, dict(request.audience_weights))
        ranked += [m.id for m in matches[RERANK:]]
        page_ids = ranked[request.offset : request.offset + request.first]
        rows = {d.id: d for d in SearchDocument.objects.filter(id__in=page_ids)}
        marks = {language: _highlight_terms(language_groups, last_prefix) for language, language_groups in groups.items()}
        no_marks = (set(), ())
        hits = [self._hit(rows[i], marks.get(rows[i].language, no_marks), municipality) for i in page_ids if i in rows]
        return SearchResponse(
            total=total,
            hits=hits,
            engine=self.name,
            facets=_facets(sql, ranked[:FACET_SAMPLE]),
            did_you_mean=did_you_mean,
            partial=partial,
        )

    def suggest(self, plan: QueryPlan, request: SearchRequest) -> list[SearchHit]:
        if plan.is_empty:
            return []
        sql = database_sql.for_connection(connection)
        groups = {language_plan.language: list(language_plan.groups) for language_plan in plan.languages}
        found = _match(sql, groups, request, require_all=True, limit=request.first * 5, title_only=True)
        ids = [m.id for m in found.ranked][: request.first]
        rows = {d.id: d for d in SearchDocument.objects.filter(id__in=ids)}
        return [self._hit(rows[i], (set(), ()), request.municipality) for i in ids if i in rows]

    def _rerank(self, matches, groups: dict[str, list[TermGroup]], municipality, audience_weights) -> list[int]:
        facts = {
            row[0]: row[1:]
            for row in SearchDocument.objects.filter(id__in_array=[m.id for m in matches]).values_list(
                "id", "title_terms", "municipalities", "title", "summary", "kind", "audience", "signal_boost"
            )
        }
        wanted = {language: [_written(g) for g in language_groups] for language, language_groups in groups.items()}
        scored = []
        for position, match in enumerate(matches):
            title_terms, municipalities, title_text, summary, kind, audience, signal = facts.get(
                match.id, ("", [], "", "", "", "", 1.0))
            title = set(title_terms.split())
            language_groups = groups.get(match.language, [])
            n = max(len(language_groups), 1)
            covered = sum(1 for g in language_groups if any(all(t in title for t in alt) for alt in g.alternatives))
            score = match.score * (1 + covered / n)
            # Words as written (not only their stems) rank first: "pas" above "passer", whole words above prefixes.
            in_title, in_summary = set(words(title_text)), set(words(summary))
            exact = wanted.get(match.language, [])
            score *= (1 + EXACT_TITLE_WEIGHT * sum(1 for w in exact if _any_in(w, in_title)) / n
                      + EXACT_SUMMARY_WEIGHT * sum(1 for w in exact if _any_in(w, in_summary)) / n)
            if municipality and municipality in (municipalities or []):
                score *= LOCAL_BOOST
            # The audience's weight (search/audience.py) and the signal factor, bounded (search/signals.py).
            score *= audience_weights.get(audience_of(kind, audience), 1.0) * signal
            scored.append((-score, position, match.id))
        scored.sort()
        return [match_id for _, _, match_id in scored]

    def _hit(self, doc: SearchDocument, marks, municipality) -> SearchHit:
        # The summary when it holds a matched word, else the body when it does, else the summary.
        terms, prefixes = marks
        language = doc.language
        text = doc.summary
        if not contains_match(doc.summary, terms, prefixes, language) and contains_match(
            doc.body, terms, prefixes, language
        ):
            text = doc.body
        return SearchHit(
            kind=doc.kind,
            slug=doc.slug,
            title=doc.title,
            summary=doc.summary,
            url=doc.url,
            highlight=snippet(text, terms, prefixes, language=language),
            local=bool(municipality and municipality in doc.municipalities),
            audience=doc.audience,
            language=language,
            object_id=doc.object_id,
        )


def _match(sql, groups: dict[str, list[TermGroup]], request: SearchRequest, **options) -> Found:
    """The matches of every language searched, ranked together: the searcher's own language is preferred when
    more than one is searched (its scores count PREFERRED_LANGUAGE_BOOST times).

    Each language has its own full-text index, whose bm25 weighs a term by that language's document count: the
    smaller English corpus scores the same match lower than the Danish one would. Across languages each one's
    scores are therefore taken relative to its best match, so the boost, not the corpus sizes, decides between
    equally good matches; within a language the order stays bm25's."""
    found = {
        language: sql.match(language_groups, request, language=language, **options)
        for language, language_groups in groups.items()
        if language_groups
    }
    found = {language: language_found for language, language_found in found.items() if language_found.ranked}
    if len(found) <= 1:  # one language matched: its own order stands
        return next(iter(found.values()), Found([], 0))
    matches = []
    for language, language_found in found.items():
        boost = PREFERRED_LANGUAGE_BOOST if language == request.preferred_language else 1.0
        best = max(m.score for m in language_found.ranked) or 1.0
        matches += [m._replace(score=m.score / best * boost) for m in language_found.ranked]
    matches.sort(key=lambda m: -m.score)
    limit = options["limit"]
    return Found(matches[:limit], min(limit, sum(f.total for f in found.values())))


def _written(group: TermGroup) -> list[tuple[str, ...]]:
    """The group's alternatives as folded words as written (the typed word, the synonyms' words)."""
    return [tuple(words(text)) for text in (group.texts or (group.original,)) if words(text)]


def _any_in(alternatives: list[tuple[str, ...]], present: set[str]) -> bool:
    return any(all(word in present for word in alternative) for alternative in alternatives)


def _highlight_terms(groups, last_prefix: bool = True):
    terms = {t for g in groups for alt in g.alternatives for t in alt}
    return terms, tuple(sorted(database_sql.prefix_terms(groups, last_prefix)))


def _facets(sql, ids: list[int]) -> list[Facet]:
    values = {field: [] for field in FACET_FIELDS}
    for field, value, count in sql.facet_counts(ids):
        values[field].append(FacetValue(value=value, count=count))
    return [
        Facet(field=field, values=sorted(field_values, key=lambda v: (-v.count, v.value)))
        for field, field_values in values.items()
    ]
