"""What the production URL configuration serves (the test settings use it too)."""

import pytest

pytestmark = pytest.mark.django_db


def test_wagtails_rest_api_is_not_served(client):
    from tests import factories

    factories.make_guide()
    response = client.get("/api/v2/pages/?type=content_models.GuidePage", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert b'"items"' not in response.content
