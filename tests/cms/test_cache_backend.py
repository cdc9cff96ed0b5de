"""Redis down: caches and rate limits go local (cms/cache_backend.py), pages still answer; SSO stays strict."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

from cms.cache import CACHE_UNAVAILABLE
from tests import factories
from tests.unavailable import unavailable

pytestmark = pytest.mark.django_db

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every call is refused at once
RESILIENT = "cms.cache_backend.ResilientRedisCache"
STRICT = "django.core.cache.backends.redis.RedisCache"


def caches_at(url):
    return {"default": {"BACKEND": RESILIENT, "LOCATION": url}, "shared": {"BACKEND": STRICT, "LOCATION": url}}


def test_with_redis_down_the_cache_is_local_and_says_so_once(caplog):
    with override_settings(CACHES=caches_at(DOWN)), caplog.at_level("WARNING"):
        cache = caches["default"]
        cache.set("a", 1)
        assert cache.get("a") == 1 and cache.add("b", 2) and cache.incr("b") == 3
        cache.get("missing")
        with pytest.raises(CACHE_UNAVAILABLE):
            caches["shared"].add("replay", 1)  # replay protection is never silently local
    warnings = [r for r in caplog.records if "Redis) unreachable" in r.getMessage()]
    assert len(warnings) == 1 and not warnings[0].exc_info


def test_with_redis_up_values_are_shared():
    url = os.environ.get("REDIS_URL")
    if not url:
        unavailable("needs REDIS_URL: CI must start redis-server and export REDIS_URL")
    with override_settings(CACHES=caches_at(url)):
        caches["default"].set("topology-shared", "ja", 30)
        assert caches["shared"].get("topology-shared") == "ja"  # the same Redis, not a local copy
        caches["default"].delete("topology-shared")


def test_citizen_pages_search_and_the_api_answer_while_redis_is_down(client):
    factories.make_guide(slug="flytning", title="Flytning")
    with override_settings(CACHES=caches_at(DOWN)):
        assert client.get("/vejledninger/flytning/").status_code == 200
        assert client.get("/soeg/", {"q": "flytning"}).status_code == 200
        assert client.get("/soeg/forslag/", {"q": "flyt"}).status_code == 200
        response = client.post("/graphql/", {"query": "{ guides(first: 5) { edges { node { url } } } }"},
                               content_type="application/json")
        assert response.status_code == 200 and "errors" not in response.json()
