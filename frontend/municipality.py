"""The citizen's municipality: it picks local texts, local eService URLs and the search boost.

One place decides it, in this order: the URL (``?kommune=751``, on any page), the citizen's
own choice (the cookie the chooser at /kommune/ or a URL parameter left), then where a
signed-in citizen lives (NemLog-in/MitID login, cms/sso). An unknown code in the URL means
no municipality, and the page says so.
"""

from dataclasses import dataclass

from django.conf import settings

from cms.sso.citizen import current_citizen
from cms.sso.person_register import NOT_FOUND, UNAVAILABLE
from content_models.models import Municipality

from .routing import is_frontend_request
from .selectors import municipality_for_code

QUERY_PARAM = "kommune"
COOKIE_NAME = "kommune"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class MunicipalityChoice:
    municipality: Municipality | None = None
    unknown_code: str = ""  # asked for in the URL, but no such municipality
    from_url: bool = False
    from_login: bool = False
    # A signed-in citizen whose municipality the person register could not give (and who has not chosen one):
    # the page asks them to choose it by hand.
    lookup_failed: bool = False

    @property
    def code(self) -> str:
        return self.municipality.code if self.municipality else ""


def municipality_choice(request) -> MunicipalityChoice:
    """The choice for this request (decided once per request)."""
    choice = getattr(request, "_municipality_choice", None)
    if choice is None:
        choice = request._municipality_choice = _decide(request)
    return choice


def current_municipality(request) -> Municipality | None:
    return municipality_choice(request).municipality


def _decide(request) -> MunicipalityChoice:
    if QUERY_PARAM in request.GET:
        code = request.GET[QUERY_PARAM].strip()[:10]
        if not code:
            return MunicipalityChoice(from_url=True)
        municipality = municipality_for_code(code)
        return MunicipalityChoice(municipality, unknown_code="" if municipality else code, from_url=True)
    cookie = request.COOKIES.get(COOKIE_NAME, "")
    municipality = municipality_for_code(cookie) if cookie else None
    if municipality is not None:
        return MunicipalityChoice(municipality)
    citizen = current_citizen(request) if hasattr(request, "session") else None
    if citizen is not None and citizen.municipality_code:
        municipality = municipality_for_code(citizen.municipality_code)
        if municipality is not None:
            return MunicipalityChoice(municipality, from_login=True)
    if citizen is not None and citizen.municipality_lookup in (NOT_FOUND, UNAVAILABLE):
        return MunicipalityChoice(lookup_failed=True)
    return MunicipalityChoice()


def remember(response, choice: MunicipalityChoice) -> None:
    """Keep a choice made in the URL in the cookie (or forget it when the URL asked for none)."""
    if choice.municipality is not None:
        response.set_cookie(
            COOKIE_NAME, choice.code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    elif not choice.unknown_code:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")


class MunicipalityCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if QUERY_PARAM in request.GET and is_frontend_request(request) and response.status_code < 400:
            remember(response, municipality_choice(request))
        return response
