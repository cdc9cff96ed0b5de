"""Benchmarks: production settings plus Wagtail's own REST API (v2), the peer the benchmarks in bench/ measure.

The production URLs never mount Wagtail's API: it has no partner keys and no rate limits.
"""

from .production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]  # noqa: F405
ROOT_URLCONF = "cms.urls_bench"
WAGTAILAPI_LIMIT_MAX = 100  # Wagtail's API pages like GraphQL, up to 100
