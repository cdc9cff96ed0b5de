"""The search page's model: what was asked (from the URL), and the answer with Danish labels and links."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from search.types import KINDS, SearchHit, SearchRequest, SearchResponse

from . import audience as audiences
from . import selectors
from .languages import current_language
from .labels import FACET_HEADINGS, kind_label
from .pagination import PAGE_PARAM, Pagination, page_number, paginate

QUERY_PARAM, KIND_PARAM, TOPIC_PARAM, AUTHORITY_PARAM = "q", "type", "emne", "myndighed"
LOCAL_PARAM = "lokalt"  # a municipality code: only results with local content for it (a filter, not a choice)
AS_TYPED_PARAM = "som-skrevet"  # "1": search the words as typed, no automatic correction
MAX_QUERY_LENGTH = 200  # longer input is cut, never echoed or searched in full
PER_PAGE = 10
FACET_VALUES_SHOWN = 10
_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
_CODE = re.compile(r"^[0-9]{3}$")


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    kinds: tuple[str, ...] = ()
    topic: str = ""
    authority: str = ""  # a slug, or a standard owner's name: only ever compared, never parsed
    audience: str = ""  # "citizen" or "business" (?maalgruppe=borger|virksomhed)
    page: int = 1
    as_typed: bool = False  # the searcher chose their own spelling over the correction
    local: str = ""  # municipality code of the "Lokalt indhold for kommune" filter

    @classmethod
    def from_request(cls, request) -> "SearchParams":
        query = " ".join(request.GET.get(QUERY_PARAM, "").split())[:MAX_QUERY_LENGTH]
        kinds = tuple(k for k in KINDS if k in request.GET.getlist(KIND_PARAM))
        topic = request.GET.get(TOPIC_PARAM, "")
        authority = " ".join(request.GET.get(AUTHORITY_PARAM, "").split())[:100]
        return cls(
            query=query, kinds=kinds, topic=topic if _SLUG.match(topic) else "", authority=authority,
            audience=audiences.chosen(request), page=page_number(request),
            as_typed=request.GET.get(AS_TYPED_PARAM) == "1",
            local=local if _CODE.match(local := request.GET.get(LOCAL_PARAM, "")) else "",
        )

    def search_request(self, municipality_code: str) -> SearchRequest:
        """Both languages, ranked together with the page's own first (the one search box)."""
        return SearchRequest(
            # Filtering to a municipality's local content marks and ranks by that municipality, without choosing it.
            query=self.query, municipality=self.local or municipality_code, kinds=self.kinds, topic=self.topic,
            authority=self.authority, audience=self.audience, local_to=self.local,
            preferred_language=current_language(), first=PER_PAGE, offset=(self.page - 1) * PER_PAGE,
            correct=not self.as_typed,
        )

    def pairs(self, **changes) -> list[tuple[str, str]]:
        """The URL parameters of these params, with ``changes`` (query, kinds, topic, page) applied."""
        values = {
            "query": self.query, "kinds": self.kinds, "topic": self.topic, "authority": self.authority,
            "audience": self.audience, "page": self.page, "as_typed": self.as_typed, "local": self.local, **changes,
        }
        pairs = [(QUERY_PARAM, values["query"])]
        pairs += [(KIND_PARAM, kind) for kind in values["kinds"]]
        if values["topic"]:
            pairs.append((TOPIC_PARAM, values["topic"]))
        if values["authority"]:
            pairs.append((AUTHORITY_PARAM, values["authority"]))
        if values["audience"]:
            pairs.append((audiences.PARAM, audiences.TO_PARAM[values["audience"]]))
        if values["local"]:
            pairs.append((LOCAL_PARAM, values["local"]))
        if values["as_typed"]:
            pairs.append((AS_TYPED_PARAM, "1"))
        if values["page"] > 1:
            pairs.append((PAGE_PARAM, str(values["page"])))
        return pairs

    def url(self, **changes) -> str:
        return "?" + urlencode(self.pairs(**changes))

    def kept_by_kind_form(self) -> list[tuple[str, str]]:
        """What the kind checkboxes' form sends besides the boxes: every other filter, back on page 1."""
        return self.pairs(kinds=(), page=1)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""  # a link filter; empty for a checkbox or a value shown without filter


@dataclass
class FacetView:
    field: str
    heading: str
    options: list[FacetOption]


@dataclass(frozen=True)
class HitView:
    hit: SearchHit
    kind_label: str  # what the item is: its kind, or for the standards catalogue its category ("Organisation")
    ping: str  # the <a ping> address that counts a click on the result (anonymous, search/signals.py)


def _hit_views(hits: list[SearchHit], query: str) -> list[HitView]:
    categories = selectors.standard_categories([h.slug for h in hits if h.kind == "standard"])
    click_url = reverse("frontend:search_click")
    return [
        HitView(
            hit, categories.get(hit.slug) if hit.kind == "standard" and hit.slug in categories else "",
            f"{click_url}?{urlencode({'q': query, 'r': f'{hit.kind}-{hit.object_id}'})}" if hit.object_id else "",
        )
        for hit in hits
    ]


@dataclass
class ResultsPage:
    params: SearchParams
    response: SearchResponse | None = None
    facets: list[FacetView] = field(default_factory=list)
    pagination: Pagination | None = None
    did_you_mean_url: str = ""
    as_typed_url: str = ""  # after an automatic correction: the search for the words as typed
    remove_topic_url: str = ""
    topic_label: str = ""
    remove_authority_url: str = ""
    authority_label: str = ""
    remove_audience_url: str = ""
    audience_label: str = ""
    remove_local_url: str = ""
    local_label: str = ""
    kind_chips: list[tuple[str, str]] = field(default_factory=list)  # (label, URL without that kind)

    @property
    def shown_query(self) -> str:
        """What the results are for: the correction when the search was corrected automatically."""
        if self.response is not None and self.response.corrected_from:
            return self.response.did_you_mean
        return self.params.query

    @property
    def hits(self):
        return self.response.hits if self.response else []

    @property
    def items(self) -> list[HitView]:
        return _hit_views(self.hits, self.params.query)


def _labels(response: SearchResponse) -> dict[str, dict[str, str]]:
    values = {f.field: [v.value for v in f.values[:FACET_VALUES_SHOWN]] for f in response.facets}
    return {
        "kind": {k: kind_label(k) for k in values.get("kind", [])},
        "topic": selectors.topic_titles(values.get("topic", []), current_language()),
        "authority": selectors.authority_names(values.get("authority", [])),
        "audience": {a: audiences.LABELS[a] for a in values.get("audience", []) if a in audiences.LABELS},
        "municipality": selectors.municipality_names(values.get("municipality", [])),
    }


def _facet_views(params: SearchParams, response: SearchResponse, municipality_code: str) -> list[FacetView]:
    labels = _labels(response)
    views = []
    for facet in response.facets:
        options = []
        for value in facet.values[:FACET_VALUES_SHOWN]:
            # Standards have an owner (free text) where pages have an authority slug.
            label = value.label or labels.get(facet.field, {}).get(value.value) or value.value
            option = FacetOption(value.value, label, value.count)
            if facet.field == "kind":
                option.selected = value.value in params.kinds
            elif facet.field == "topic":
                option.selected = value.value == params.topic
                option.url = params.url(topic=value.value, page=1)
            elif facet.field == "authority":
                option.selected = value.value == params.authority
                option.url = params.url(authority=value.value, page=1)
            elif facet.field == "audience":
                if value.value not in audiences.LABELS:
                    continue
                option.selected = value.value == params.audience
                option.url = params.url(audience=value.value, page=1)
            elif facet.field == "municipality":
                # A filter like the others: only results with local content there. It never chooses the
                # citizen's municipality (that is /kommune/ or ?kommune=, an explicit act).
                option.selected = value.value == params.local
                option.url = params.url(local=value.value, page=1)
            options.append(option)
        if options:
            views.append(FacetView(facet.field, FACET_HEADINGS.get(facet.field, facet.field), options))
    return views


def results_page(params: SearchParams, response: SearchResponse | None, municipality_code: str) -> ResultsPage:
    page = ResultsPage(params=params, response=response)
    if params.topic:
        page.topic_label = selectors.topic_titles([params.topic], current_language()).get(params.topic, params.topic)
        page.remove_topic_url = params.url(topic="", page=1)
    if params.authority:
        page.authority_label = selectors.authority_names([params.authority]).get(params.authority, params.authority)
        page.remove_authority_url = params.url(authority="", page=1)
    # The chosen kinds are chips too: with no results there are no checkboxes to untick.
    page.kind_chips = [
        (kind_label(kind), params.url(kinds=tuple(k for k in params.kinds if k != kind), page=1))
        for kind in params.kinds
    ]
    if params.audience:
        page.audience_label = audiences.LABELS[params.audience]
        page.remove_audience_url = params.url(audience="", page=1)
    if params.local:
        page.local_label = selectors.municipality_names([params.local]).get(params.local, params.local)
        page.remove_local_url = params.url(local="", page=1)
    if response is None:
        return page
    page.facets = _facet_views(params, response, municipality_code)
    page.pagination = paginate(params.page, response.total, PER_PAGE, params.pairs())
    if response.corrected_from:
        page.as_typed_url = params.url(query=response.corrected_from, page=1, as_typed=True)
    elif response.did_you_mean:
        page.did_you_mean_url = params.url(query=response.did_you_mean, page=1, as_typed=False)
    return page
