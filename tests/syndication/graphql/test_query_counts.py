"""No N+1: a page of guides with everything costs the same number of queries for 5 and for 100 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Municipality, Region
from tests import factories

from .queries import GUIDES_QUERY

pytestmark = pytest.mark.django_db


@pytest.fixture
def hundred_guides():
    aarhus = Municipality.objects.get(code="751")
    midt = Region.objects.get(code="1082")
    topic = factories.TopicFactory(slug="bolig", title="Bolig")
    link = factories.make_self_service_link(authority=factories.AuthorityFactory(), topics=[topic])
    factories.make_url_override(link, municipality=aarhus, url="https://aarhus.dk/flyt")
    for n in range(100):
        guide = factories.make_guide(
            slug=f"vejledning-{n:03}", title=f"Vejledning {n}", topics=[topic], links=[link], bulk=True,
            sections=[("a", "Første", "<p>En</p>"), ("b", "Anden", "<p>To</p>")],
        )
        if n % 2:
            factories.make_local_text(guide, "a", municipality=aarhus, body="<p>Aarhus</p>", bulk=True)
        else:
            factories.make_local_text(guide, "b", region=midt, body="<p>Region Midtjylland</p>", bulk=True)


def count_queries(gql, first):
    with CaptureQueriesContext(connection) as captured:
        body = gql(GUIDES_QUERY, {"first": first})
    assert "errors" not in body, body
    assert len(body["data"]["guides"]["edges"]) == first
    return len(captured), body


def test_query_count_does_not_grow_with_page_size(gql, hundred_guides):
    gql(GUIDES_QUERY, {"first": 1})  # warm the per-process caches (site root paths, default locale)
    five, _ = count_queries(gql, 5)
    hundred, body = count_queries(gql, 100)
    assert five == hundred, f"{five} queries for 5 guides, {hundred} for 100"
    # Pinned so that a new per-item query shows up as a failing test, not as a slow API.
    assert hundred <= 16
    nodes = [edge["node"] for edge in body["data"]["guides"]["edges"]]
    assert nodes[1]["sections"][0]["localText"] == {"bodyHtml": "<p>Aarhus</p>", "scope": "MUNICIPALITY"}
    assert nodes[0]["sections"][1]["localText"]["scope"] == "REGION"
    assert nodes[0]["selfServiceLinks"][0]["url"] == "https://aarhus.dk/flyt"
