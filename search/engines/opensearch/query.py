"""From a query plan and a request to an opensearch-py ``Search``.

The searcher's words only ever reach OpenSearch as the text of match queries (never
``query_string``), so Lucene syntax in a query is just text.
"""

import hashlib

from opensearchpy import A, Q, Search
from opensearchpy.helpers.query import Query

from ...analysis import analyse
from ...audience import BUSINESS, PROFESSIONAL, PROFESSIONAL_KINDS
from ...types import QueryPlan, SearchRequest, TermGroup

# Each language's documents are matched on the fields analysed for that language (mapping.py). Danish on the
# folded sub-fields alone: their words are a superset of the ``danish`` fields' (æ/ø/å and their spellings meet),
# and scoring both gave the same judged-set nDCG@10 (0.857) at twice the cost per matching document.
FIELDS = {
    "da": ("title.folded^4", "summary.folded^2", "body.folded", "keywords.folded^2"),
    "en": ("title.english^4", "summary.english^2", "body.english", "keywords.english^2"),
}
FUZZY_FIELDS = {
    "da": ("title.folded^4", "summary.folded^2", "keywords.folded^2"),
    "en": ("title.english^4", "summary.english^2", "keywords.english^2"),
}
MAX_GROUPS = 12  # the plan is bounded already; this bounds a hand-built one too
MAX_TEXT = 100  # characters of one alternative
EXACT_WORD_BOOST = 1.0  # per word found unstemmed (in ``spell``), added to the text score
LOCAL_BOOST = 1.5  # score factor for items with local content for the searcher's municipality
PREFERRED_LANGUAGE_BOOST = 1.5  # both languages searched: score factor for the searcher's page's language
RESCORE_WINDOW = 200  # best text matches (per shard) that the local, audience and signal factors re-rank
# response facet -> (index field, most values returned)
FACETS = {
    "kind": ("kind", 10),
    "topic": ("topics", 50),
    "authority": ("authority", 30),
    "audience": ("audience", 5),
    "municipality": ("municipalities", 100),  # all 98 municipalities fit
}
# Danish: the folded sub-fields alone: their words are a superset of the danish fields' (æ/ø/å and their
# spellings meet), and highlighting half the fields halves the cost of snippets. English: its own sub-fields.
HIGHLIGHT_FIELDS_BY_LANGUAGE = {"da": ("summary.folded", "body.folded"), "en": ("summary.english", "body.english")}
HIGHLIGHT_FIELDS = tuple(field for fields in HIGHLIGHT_FIELDS_BY_LANGUAGE.values() for field in fields)
SNIPPET_LENGTH = 160
SOURCE = ["kind", "object_id", "slug", "title", "summary", "url", "municipalities", "audience", "language"]


# How loosely the words may match, tried in this order until something is found: whole words (stems,
# synonyms); the last word also as a prefix (still being typed); then near misses (fuzzy) too.
EXACT, PREFIX, FUZZY = "exact", "prefix", "fuzzy"


def _text_query(text: str, language: str, fuzzy: bool = False) -> Query:
    text = text[:MAX_TEXT]
    fields = FIELDS.get(language, FIELDS["da"])
    if len(text.split()) > 1:
        # A synonym phrase ("Statens Uddannelsesstøtte") matches as a phrase, without fuzziness.
        return Q("multi_match", query=text, type="phrase", fields=list(fields))
    exact = Q("multi_match", query=text, type="best_fields", fields=list(fields))
    if not fuzzy:
        return exact
    # Typos are forgiven in the short fields only: fuzzy expansion over every body term costs
    # several times the whole exact query at 100k documents, and a misspelt word that matters
    # is nearly always in the title, summary or keywords.
    near = Q(
        "multi_match", query=text, type="best_fields", fields=list(FUZZY_FIELDS.get(language, FUZZY_FIELDS["da"])),
        fuzziness="AUTO", prefix_length=1,
        max_expansions=20, boost=0.5,  # a near miss ranks below the word itself
    )
    return Q("bool", should=[exact, near], minimum_should_match=1)


def _matchable_texts(group: TermGroup, language: str) -> list[str]:
    """The group's alternatives as text (the word and its synonyms), leaving out those of stop words only."""
    return [t for t in (group.texts or tuple(" ".join(a) for a in group.alternatives)) if analyse(t, language)]


def _group_query(group: TermGroup, last: bool, language: str, looseness: str = EXACT) -> Query | None:
    texts = _matchable_texts(group, language)
    if not texts:
        return None  # only stop words: nothing to require
    clauses = [_text_query(text, language, fuzzy=looseness == FUZZY) for text in texts]
    typed = (group.original or texts[0])[:MAX_TEXT]
    if last and looseness != EXACT and len(typed) >= 2:
        # The last word may still be being typed: "flyt" finds "Flytning". Boosted above the fuzzy
        # clause: "barse" is more likely "barsel" being typed than "barn" misspelt.
        clauses.append(Q("match", **{"title.autocomplete": {"query": typed, "operator": "and", "boost": 2}}))
    return Q("bool", should=clauses, minimum_should_match=1)


def text_query(plan: QueryPlan, strict: bool = True, looseness: str = EXACT) -> Query | None:
    """The documents of the plan's language with every word (``strict``), or any one of them; None when nothing
    is left to match."""
    groups = plan.groups[:MAX_GROUPS]
    last = len(groups) - 1
    clauses = [
        q for i, g in enumerate(groups) if (q := _group_query(g, i == last, plan.language, looseness)) is not None
    ]
    if not clauses:
        return None
    words = Q("bool", must=clauses) if strict else Q("bool", should=clauses, minimum_should_match=1)
    return Q("bool", must=[words], should=_exact_words(groups, plan.language), filter=[Q("term", language=plan.language)])


def _exact_words(groups, language: str) -> list[Query]:
    """A bonus for each word found as written (folded, not stemmed): "pas" ranks the passport pages above those
    that only say "passer" (the same Danish stem) and whole words above prefixes and near misses."""
    return [
        Q("match_phrase", spell={"query": text, "boost": EXACT_WORD_BOOST})
        for group in groups
        for text in (t[:MAX_TEXT] for t in _matchable_texts(group, language))
    ]


def _in_any_language(plan: QueryPlan, strict: bool, looseness: str = EXACT, preferred: str = "") -> Query | None:
    """Each language searched matched with the query analysed its own way (plan.languages), ranked together; the
    ``preferred`` language's clause counts PREFERRED_LANGUAGE_BOOST times (a document matches only its own
    language's clause, so this multiplies its score as a function would, at no cost per document)."""
    clauses = [
        q for language_plan in plan.languages if (q := text_query(language_plan, strict, looseness)) is not None
    ]
    if len(clauses) <= 1:
        return clauses[0] if clauses else None
    for language_plan, clause in zip(plan.languages, clauses):
        if language_plan.language == preferred:
            clause.boost = PREFERRED_LANGUAGE_BOOST
    return Q("bool", should=clauses, minimum_should_match=1)


def _factors(request: SearchRequest, codes: list[str]) -> list[dict]:
    """Multiplicative boosts (the same whatever the scale of the text score): local content for the searcher's
    municipality, the audience's weight, and the document's signal factor."""
    functions = []
    if codes:
        functions.append({"filter": Q("terms", municipalities=codes), "weight": LOCAL_BOOST})
    for audience, weight in request.audience_weights:
        functions.append({"filter": _audience_filter(audience), "weight": weight})
    # Popularity and helpfulness: a bounded factor kept in the document (search/signals.py).
    functions.append({"field_value_factor": {"field": "signal_boost", "missing": 1.0}})
    return functions


def _boosted(query: Query, plan: QueryPlan, request: SearchRequest, codes: list[str]) -> Query:
    """``query`` scored with every factor applied to each match (autocomplete: titles only, few matches)."""
    functions = _factors(request, codes)
    if len(plan.languages) > 1:
        functions.append({"filter": Q("term", language=request.preferred_language), "weight": PREFERRED_LANGUAGE_BOOST})
    return Q("function_score", query=query, functions=functions, score_mode="multiply", boost_mode="multiply")


def _rescored(request: SearchRequest, codes: list[str], window: int) -> dict:
    """The factors applied to the best ``window`` matches by text only (a rescore), not to every match: at a
    million documents a common word matches a quarter of them, and a function score over all of them cost half
    of a search. An item needs a text score among the best RESCORE_WINDOW to reach the first page, as in the
    database engine (its RERANK)."""
    factor = Q("function_score", functions=_factors(request, codes), score_mode="multiply", boost_mode="replace")
    return {"window_size": window, "query": {"rescore_query": factor.to_dict(), "query_weight": 1.0,
                                             "rescore_query_weight": 1.0, "score_mode": "multiply"}}


def _audience_filter(audience: str) -> Query:
    """The documents of a ranking audience (search/audience.py): professional by kind, business by a link's."""
    if audience == PROFESSIONAL:
        return Q("terms", kind=list(PROFESSIONAL_KINDS))
    if audience == BUSINESS:
        return Q("term", audience=BUSINESS)
    return Q("bool", must_not=[Q("terms", kind=list(PROFESSIONAL_KINDS)), Q("term", audience=BUSINESS)])


def filters(request: SearchRequest, exclude: frozenset[str] = frozenset()) -> tuple[list[Query], list[Query]]:
    """(filter, must_not) clauses: language (when only one is searched), kinds, topic, and documents already
    shown."""
    included = [Q("term", language=request.language)] if request.language else []
    if request.kinds:
        included.append(Q("terms", kind=list(request.kinds)))
    if request.topic:
        included.append(Q("term", topics=request.topic))
    if request.authority:
        included.append(Q("term", authority=request.authority))
    if request.audience:
        included.append(Q("term", audience=request.audience))
    if request.local_to:
        included.append(Q("term", municipalities=request.local_to))
    excluded = [Q("ids", values=sorted(exclude))] if exclude else []
    return included, excluded


def local_codes(plan: QueryPlan, request: SearchRequest) -> list[str]:
    return sorted({code for code in (request.municipality, plan.municipality_hint) if code})


def _highlight_query(plan: QueryPlan) -> Query | None:
    """The words to mark: the searcher's and their synonyms, without fuzzy expansion, in each language's fields.

    The highlighter re-runs its query on every hit shown; fuzzy terms there cost more than the search itself,
    so a typo's snippet shows the opening text instead of a marked near miss.
    """
    clauses = [
        Q("multi_match", query=text, type="phrase" if len(text.split()) > 1 else "best_fields",
          fields=list(HIGHLIGHT_FIELDS_BY_LANGUAGE.get(language_plan.language, HIGHLIGHT_FIELDS_BY_LANGUAGE["da"])))
        for language_plan in plan.languages
        for group in language_plan.groups[:MAX_GROUPS]
        for text in (t[:MAX_TEXT] for t in _matchable_texts(group, language_plan.language))
    ]
    return Q("bool", should=clauses, minimum_should_match=1) if clauses else None


def build_search(plan: QueryPlan, request: SearchRequest, exclude: frozenset[str], strict: bool = True,
                 looseness: str = EXACT) -> Search:
    """The page of hits: ranked and highlighted, neither counted nor faceted (``build_facets`` does that, sent
    beside it: the node runs the two on two threads, and each skips the other's work)."""
    # Only stop words: nothing to find.
    matching = _in_any_language(plan, strict, looseness, preferred=request.preferred_language) or Q("match_none")
    included, excluded = filters(request, exclude)
    search = Search().query(Q("bool", must=[matching], filter=included, must_not=excluded))
    start, size = max(request.offset, 0), max(request.first, 0)
    search = search.extra(rescore=_rescored(request, local_codes(plan, request), max(RESCORE_WINDOW, start + size)))
    options = {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "fragment_size": SNIPPET_LENGTH,
               "number_of_fragments": 1}
    highlight_query = _highlight_query(plan)
    if highlight_query is not None:
        options["highlight_query"] = highlight_query.to_dict()
    # Every field gives a snippet: the opening text when nothing matched in it.
    search = search.highlight_options(**options).highlight(*HIGHLIGHT_FIELDS, no_match_size=SNIPPET_LENGTH)
    # By score alone (a rescore allows no other sort); equal scores keep the index's order, the same for every
    # page as long as the same shard copies answer (``preference``).
    search = search.source(SOURCE).extra(track_total_hits=False)
    return search[start : start + size]


def preference(plan: QueryPlan) -> str:
    """The same shard copies for every page of one query: copies may order equal scores differently."""
    return "q" + hashlib.sha1(plan.text.encode()).hexdigest()[:16]


def build_facets(plan: QueryPlan, request: SearchRequest, exclude: frozenset[str], strict: bool = True,
                 looseness: str = EXACT) -> Search:
    """The same documents as ``build_search``, every one counted and faceted, none scored: at a million
    documents a common word matches a quarter of them, and scoring them all only to count them cost most of a
    search."""
    matching = _in_any_language(plan, strict, looseness) or Q("match_none")
    included, excluded = filters(request, exclude)
    search = Search().query(Q("bool", filter=[matching, *included], must_not=excluded))
    for name, (field, size) in FACETS.items():
        search.aggs.bucket(name, A("terms", field=field, size=size))
    return search.extra(track_total_hits=True, size=0)


def build_autocomplete(plan: QueryPlan, request: SearchRequest) -> Search:
    text = plan.text[: MAX_TEXT * 2]
    prefixes = Q("match", **{"title.autocomplete": {"query": text, "operator": "and"}})
    # Whole words typed with a typo ("flytnig") still complete.
    fuzzy = Q("match", title={"query": text, "operator": "and", "fuzziness": "AUTO", "prefix_length": 1})
    included, _ = filters(request)
    completing = _boosted(Q("bool", should=[prefixes, fuzzy], minimum_should_match=1), plan, request, [])
    query = Q("bool", must=[completing], filter=included)
    search = Search().query(query).source(SOURCE).sort({"_score": "desc"}, "kind", "object_id")
    return search[: max(request.first, 0)]
