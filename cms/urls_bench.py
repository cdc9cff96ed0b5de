"""The production URLs plus Wagtail's REST API v2 at /api/v2/ (cms.settings.bench only)."""

from django.db import transaction
from django.urls import URLResolver, path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .urls import urlpatterns as production_urlpatterns

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)


def _without_request_transaction(patterns) -> None:
    """Wagtail's read-only API as GraphQL's queries run on SQLite, without a request transaction (which takes the
    write lock there): the peer is measured under the same rule, not slowed by the portal's settings."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _without_request_transaction(pattern.url_patterns)
        else:
            transaction.non_atomic_requests(pattern.callback)


api_patterns = api_router.get_urlpatterns()  # made once: each call makes new view functions
_without_request_transaction(api_patterns)

# Before the citizen site's catch-all page routes.
urlpatterns = [
    path("api/v2/", (api_patterns, api_router.url_namespace, api_router.url_namespace)),
    *production_urlpatterns,
]
