"""/soeg/ (the results page, a plain GET form) and /soeg/forslag/ (autocomplete JSON for the enhanced form)."""

from django.db import transaction
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from search import service
from search.types import SearchRequest

from ..labels import kind_label
from ..municipality import municipality_choice
from ..rate_limits import limited, too_many_json
from ..search_results import MAX_QUERY_LENGTH, QUERY_PARAM, SearchParams, results_page

SUGGESTIONS = 8


# Not one request transaction: the search only reads, but its analytics write a counter, and a read
# transaction that later writes cannot wait for SQLite's lock (two concurrent searches would fail with
# "database is locked"); in autocommit that write waits its turn like any other.
@transaction.non_atomic_requests
@require_safe
@limited("site-search", "SITE_SEARCH_RATE_PER_MINUTE")
def search_page(request):
    params = SearchParams.from_request(request)
    choice = municipality_choice(request)
    response = service.search(params.search_request(choice.code)) if params.query else None
    return TemplateResponse(request, "frontend/search.html", {"results": results_page(params, response, choice.code)})


@transaction.non_atomic_requests
@require_safe
@limited("site-suggestions", "SITE_SUGGESTIONS_RATE_PER_MINUTE", refuse=too_many_json)
def suggestions(request):
    query = " ".join(request.GET.get(QUERY_PARAM, "").split())[:MAX_QUERY_LENGTH]
    hits = []
    if len(query) >= 2:
        code = municipality_choice(request).code
        hits = service.suggest(SearchRequest(query=query, municipality=code, first=SUGGESTIONS))
    return JsonResponse(
        {"query": query, "suggestions": [{"title": h.title, "url": h.url, "kind": kind_label(h.kind)} for h in hits]}
    )
