"""The production URLs plus Wagtail's REST API v2 at /api/v2/ (cms.settings.bench only)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .urls import urlpatterns as production_urlpatterns

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

# Before the citizen site's catch-all page routes.
urlpatterns = [path("api/v2/", api_router.urls), *production_urlpatterns]
