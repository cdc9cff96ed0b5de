"""Wagtail's own REST API (v2), read-only pages endpoint: the peer the GraphQL API is benchmarked against."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
