import json

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def gql(client):
    """POST a query to /graphql/ and return the decoded JSON body (asserting HTTP 200)."""

    def run(query, variables=None, **headers):
        response = client.post(
            "/graphql/", json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json", HTTP_HOST="127.0.0.1", **headers,
        )
        assert response.status_code == 200, response.content
        return response.json()

    return run
