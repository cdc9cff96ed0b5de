"""CORS for the API: anonymous reads from the configured origins, partner keys from their own."""

from django.conf import settings
from django.http import HttpResponse

from ..models import Partner

ALLOWED_HEADERS = "Content-Type, Authorization, X-Api-Key, X-Preview-Token, If-None-Match"


def _anonymous_origins() -> list[str]:
    return settings.GRAPHQL_CORS_ALLOWED_ORIGINS


def _any_partner_allows(origin: str) -> bool:
    return any(origin in partner.origins for partner in Partner.objects.filter(is_active=True).exclude(allowed_origins=""))


def allowed_origin(request, partner=None) -> str | None:
    """The value for Access-Control-Allow-Origin, or None to send no CORS headers."""
    origin = (request.headers.get("Origin") or "").rstrip("/")
    if not origin:
        return None
    if partner is not None:
        return origin if origin in partner.origins else None
    anonymous = _anonymous_origins()
    if "*" in anonymous:
        return "*"
    return origin if origin in anonymous else None


def add_cors_headers(response, request, partner=None):
    origin = allowed_origin(request, partner)
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
    return response


def preflight(request) -> HttpResponse:
    """Answer OPTIONS: preflights carry no credentials, so any partner's origin is accepted here."""
    response = HttpResponse(status=204)
    origin = (request.headers.get("Origin") or "").rstrip("/")
    value = allowed_origin(request)
    if value is None and origin and _any_partner_allows(origin):
        value = origin
    if value:
        response["Access-Control-Allow-Origin"] = value
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = "86400"
    response["Vary"] = "Origin"
    return response
