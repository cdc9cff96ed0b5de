"""Anonymous pages are cacheable for a minute and revalidate with an ETag; editors' pages never are."""

import pytest

from frontend.municipality import COOKIE_NAME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/vejledninger/flytning/", "/soeg/?q=flytning", "/standarder/", "/soeg/forslag/?q=fly"]
)
def test_anonymous_pages_are_public_for_a_minute_and_vary_by_cookie(client, portal, path):
    response = client.get(path)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=60"}
    assert "Cookie" in response["Vary"]
    assert response["ETag"]


def test_conditional_get_answers_304(client, portal):
    first = client.get("/vejledninger/flytning/")
    again = client.get("/vejledninger/flytning/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    # Another municipality sees other content, hence another ETag.
    client.cookies[COOKIE_NAME] = "751"
    local = client.get("/vejledninger/flytning/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert local.status_code == 200 and local["ETag"] != first["ETag"]


def test_logged_in_editors_get_private_uncached_pages(client, portal):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/vejledninger/flytning/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert client.get("/vejledninger/flytning/", HTTP_IF_NONE_MATCH=response.get("ETag", "x")).status_code == 200


def test_a_response_that_sets_the_cookie_is_not_shared(client, portal):
    response = client.get("/vejledninger/flytning/", {"kommune": "751"})
    assert response.cookies[COOKIE_NAME].value == "751"
    assert response["Cache-Control"] == "private, no-store"


def test_not_found_is_not_cached_as_public(client, portal):
    response = client.get("/vejledninger/findes-ikke/")
    assert response.status_code == 404 and "public" not in response.get("Cache-Control", "")
