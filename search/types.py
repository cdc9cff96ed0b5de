"""The values that cross the search interface: what is asked, what is found.

Both engines (database, OpenSearch) take a ``SearchRequest`` (already analysed into a
``QueryPlan`` by the service) and return a ``SearchResponse``; callers (GraphQL, the
citizen site) only ever see these types.
"""

from dataclasses import dataclass, field

from content_models.kinds import registry

KINDS = registry.codes(searchable=True)  # ("standard", "self_service_link", "guide", ...)
FACET_FIELDS = ("kind", "topic", "authority", "audience", "municipality")


@dataclass(frozen=True)
class TermGroup:
    """One position of the query: the analysed alternatives that may fill it (a word and its synonyms).

    Each alternative is a tuple of analysed terms: one term for a word, several for a
    multi-word synonym ("statens uddannelsesstøtte"), matched as a phrase.
    """

    alternatives: tuple[tuple[str, ...], ...]
    # The same alternatives as text (the user's word, or the synonym as the editor wrote it),
    # for engines that analyse text themselves (OpenSearch).
    texts: tuple[str, ...] = ()
    original: str = ""  # the word as the user typed it (for "did you mean")
    is_synonym: bool = False


@dataclass(frozen=True)
class QueryPlan:
    """The query analysed in ``language`` (its words, stop words and stems); ``others`` is the same query analysed
    in each other language searched, each matched against the documents of its own language."""

    text: str  # the cleaned query text (bounded length, no control characters)
    groups: tuple[TermGroup, ...] = ()
    municipality_hint: str = ""  # a municipality code named in the query ("affald aarhus")
    language: str = "da"
    others: tuple["QueryPlan", ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(plan.groups for plan in self.languages)

    @property
    def languages(self) -> tuple["QueryPlan", ...]:
        """This plan and the others: one per language searched, the preferred language first."""
        return (self, *self.others)


@dataclass(frozen=True)
class SearchRequest:
    query: str
    municipality: str = ""  # official 3-digit code, already validated
    kinds: tuple[str, ...] = ()
    topic: str = ""  # topic slug; matches the topic and its descendants
    authority: str = ""  # authority slug (a standard's owner for standards), as the facet reports it
    audience: str = ""  # "citizen" or "business": only self-service links for them (the one kind with an audience)
    local_to: str = ""  # a municipality code: only items with local content (text or URL) for it
    language: str = ""  # only this language ("da", "en"); "": every language, ranked together
    preferred_language: str = "da"  # the searcher's page's language: ranked first when both are searched
    first: int = 10
    offset: int = 0
    # Score factor per audience ("professional", 0.6) other than 1.0: set by the service (search/audience.py).
    audience_weights: tuple[tuple[str, float], ...] = ()
    correct: bool = True  # False: search the words as typed, never auto-corrected ("Søg i stedet efter ...")


@dataclass
class SearchHit:
    kind: str
    slug: str  # slug, or identifier for standards
    title: str
    summary: str
    url: str  # the portal path of the item
    highlight: str = ""  # HTML-escaped snippet with <mark> around matched words
    score: float = 0.0
    promoted: bool = False
    local: bool = False  # has a local variant or URL for the searcher's municipality
    audience: str = ""  # a self-service link's ("citizen", "business"); "" for other kinds
    language: str = "da"
    object_id: str = ""  # the item's id in the projection (with ``kind``: what a click is counted for)


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""


@dataclass
class Facet:
    field: str
    values: list[FacetValue]


@dataclass
class SearchResponse:
    total: int
    hits: list[SearchHit]
    engine: str  # "opensearch" or "database"
    facets: list[Facet] = field(default_factory=list)
    did_you_mean: str = ""  # a better spelling; with ``corrected_from`` set, the query the results are for
    corrected_from: str = ""  # the searcher's own text when the results are for ``did_you_mean`` (auto-corrected)
    partial: bool = False  # no result has every word: these match some of them
    degraded: bool = False  # OpenSearch was configured but the database answered
    notices: list[str] = field(default_factory=list)
