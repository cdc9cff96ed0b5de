"""Freshness without ghosts, end to end: publish → `run_worker --once` → found through GraphQL; unpublish → gone."""

import json

import pytest
from django.core.management import call_command

from content_models import publishing
from content_models.models import Municipality
from tests.factories import make_guide, make_local_text

pytestmark = pytest.mark.django_db

QUERY = '{ search(query: "%s", municipality: "%s") { totalCount engine edges { node { slug local } } } }'


def search(client, text, municipality=""):
    body = json.dumps({"query": QUERY % (text, municipality)})
    response = client.post("/graphql/", body, content_type="application/json", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    return response.json()["data"]["search"]


def worker():
    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))


@pytest.fixture(params=["database", "opensearch"])
def engine(request):
    if request.param == "opensearch":
        request.getfixturevalue("opensearch")
    return request.param


def refresh_if_needed(engine):
    if engine == "opensearch":
        from search.engines.opensearch.client import alias_name, get_client

        get_client().indices.refresh(index=alias_name())


def test_publish_unpublish_and_local_variants_reach_search(client, engine):
    guide = make_guide(slug="hundeskat", title="Hundeafgift", summary="Om afgift for hunde.",
                       sections=[("om", "Om afgiften", "<p>Afgift for hunde.</p>")])
    assert search(client, "hundeafgift")["totalCount"] == 0  # not before the worker ran
    worker()
    refresh_if_needed(engine)
    found = search(client, "hundeafgift")
    assert found["engine"] == engine and [e["node"]["slug"] for e in found["edges"]] == ["hundeskat"]

    make_local_text(guide, municipality=Municipality.objects.get(code="461"), section_key="om")
    worker()
    refresh_if_needed(engine)
    assert search(client, "hundeafgift", "461")["edges"][0]["node"]["local"] is True

    guide.refresh_from_db()
    publishing.unpublish(guide)
    worker()
    refresh_if_needed(engine)
    assert search(client, "hundeafgift")["totalCount"] == 0


def test_a_draft_revision_of_a_live_page_does_not_leak(client, engine):
    guide = make_guide(slug="pas", title="Pas", summary="Bestil pas.", sections=[("om", "Pas", "<p>Pas.</p>")])
    worker()
    guide.title = "Hemmeligt udkast"
    guide.save_revision()  # a draft: not published
    worker()
    refresh_if_needed(engine)
    assert search(client, "hemmeligt")["totalCount"] == 0
    assert search(client, "pas")["totalCount"] == 1
