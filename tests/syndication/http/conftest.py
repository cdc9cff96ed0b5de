"""Helpers for the /graphql/ endpoint over HTTP, as a partner's client sees it."""

import json
import os
from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from syndication.partners.keys import issue_key
from syndication.models import Partner
from tests.unavailable import unavailable

ENDPOINT = "/graphql/"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate counters and cached responses never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


class Api:
    """A thin wrapper around Django's test client that speaks GraphQL over HTTP."""

    def __init__(self, client):
        self.client = client

    def post(self, query=None, variables=None, *, body=None, content_type="application/json", **headers):
        if body is None:
            payload = {"query": query}
            if variables is not None:
                payload["variables"] = variables
            body = json.dumps(payload)
        return self.client.post(ENDPOINT, body, content_type=content_type, HTTP_HOST="127.0.0.1", **headers)

    def get(self, params=None, **headers):
        url = ENDPOINT + ("?" + urlencode(params) if params else "")
        return self.client.get(url, HTTP_HOST="127.0.0.1", **headers)

    def get_query(self, query, variables=None, **headers):
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        return self.get(params, **headers)

    def generic(self, method, body=b"", content_type="application/json", **headers):
        return self.client.generic(method, ENDPOINT, body, content_type=content_type, HTTP_HOST="127.0.0.1", **headers)

    @staticmethod
    def errors(response):
        body = response.json()
        assert "errors" in body, body
        return body["errors"]

    @classmethod
    def codes(cls, response):
        return [error.get("extensions", {}).get("code") for error in cls.errors(response)]


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Aarhus Kommune", slug="aarhus", allowed_origins="https://www.aarhus.dk\nhttps://staging.aarhus.dk",
        requests_per_minute=20,
    )


@pytest.fixture
def partner_key(partner):
    """(stored key, raw key) of an active key of ``partner``."""
    return issue_key(partner, name="Hjemmeside")


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Run a test against local memory and against Redis (REDIS_URL; required when CI=true)."""
    if request.param == "locmem":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate-tests"}
        }
    else:
        url = os.environ.get("REDIS_URL", "")
        if not url:
            unavailable("REDIS_URL is not set: CI must start redis-server and export REDIS_URL")
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    cache.clear()
    yield request.param
    cache.clear()

