"""/kommune/: choose the municipality whose local content is shown (a GET form, remembered in a cookie)."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from .. import selectors
from ..municipality import QUERY_PARAM, municipality_choice

NEXT_PARAM = "next"


def _safe_next(request) -> str:
    target = request.GET.get(NEXT_PARAM, "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_safe
def choose(request):
    """Shows the form; a submitted choice goes back to the page it came from (the cookie is set by
    MunicipalityCookieMiddleware, as for ?kommune= on any page)."""
    choice = municipality_choice(request)
    back = _safe_next(request)
    if QUERY_PARAM in request.GET and not choice.unknown_code and back:
        return redirect(back)
    return TemplateResponse(
        request,
        "frontend/municipality.html",
        {"choice": choice, "municipalities": selectors.all_municipalities(), "next": back,
         "submitted": QUERY_PARAM in request.GET},
    )
