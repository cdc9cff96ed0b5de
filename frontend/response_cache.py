"""A shared server-side cache of anonymous pages, keyed by the page, the municipality and the event log's head.

The same design as the GraphQL response cache: any publish, unpublish or delete of any
kind moves the head of the publishing event log, which changes every key at once, so a
change is visible on the next request. Names edited without publishing (topics,
authorities) may show for up to TTL_SECONDS, as long as a shared HTTP cache may keep a
page anyway (frontend.caching.MAX_AGE).

Only requests that cannot be personal are cached: GET without a session cookie (no
editor, no signed-in citizen, no passed page password), no ``?kommune=`` (it sets a
cookie), no preview. The search results page is left out: every search is counted in
the search statistics.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from cms.cache import CACHE_UNAVAILABLE
from content_models.events import log as event_log

from .municipality import QUERY_PARAM, municipality_choice
from .routing import is_frontend_request, is_preview

logger = logging.getLogger(__name__)

TTL_SECONDS = 60
UNCACHED_VIEWS = {"search"}  # frontend.urls names


def _cacheable_request(request) -> bool:
    match = request.resolver_match
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and QUERY_PARAM not in request.GET
        and not is_preview(request)
        and is_frontend_request(request)
        and match is not None
        and match.url_name not in UNCACHED_VIEWS
    )


def _key(request) -> str:
    choice = municipality_choice(request)
    material = "\n".join([request.get_full_path(), request.get_host(), choice.code, str(event_log.head())])
    return "frontend:page:" + hashlib.sha256(material.encode()).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After URL resolution, so the route is known; a hit skips the view and Wagtail's page routing.
        if not _cacheable_request(request):
            return None
        request._page_cache_key = _key(request)
        try:
            cached = cache.get(request._page_cache_key)
        except CACHE_UNAVAILABLE:  # a cache outage only costs speed
            logger.warning("page cache unavailable", exc_info=True)
            return None
        if cached is None:
            return None
        request._page_cache_key = None  # a hit: nothing to store
        content_type, body = cached
        return HttpResponse(body, content_type=content_type)

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(key, (response["Content-Type"], response.content), TTL_SECONDS)
            except CACHE_UNAVAILABLE:  # a cache outage only costs speed
                logger.warning("page cache unavailable", exc_info=True)
        return response
