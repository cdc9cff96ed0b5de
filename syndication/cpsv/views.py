"""GET /cpsv-ap/services.jsonld: the live self-service links as CPSV-AP 3.2.0 JSON-LD."""

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

from .export import build_document, render_document

MEDIA_TYPE = "application/ld+json; charset=utf-8"
MAX_AGE_SECONDS = 300
CACHE_CONTROL = f"public, max-age={MAX_AGE_SECONDS}"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    # Weak comparison (RFC 9110 13.1.2): a W/ prefix does not matter for If-None-Match.
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


@require_safe
def services_jsonld(request):
    # Built on each request from live rows only; the ETag lets clients and proxies revalidate cheaply.
    body = render_document(build_document())
    etag = _etag(body)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=MEDIA_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
