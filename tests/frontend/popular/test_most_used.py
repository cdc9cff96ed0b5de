"""The home page's most-used self-service solutions (clicks and searches, an editor's list first), its topic
cards with one line each, and the click count from the browser's ping."""

import re

import pytest

from content_models import publishing
from frontend.popular import selectors
from frontend.popular.models import FeaturedSelfService, SelfServiceClick
from search import analytics
from tests.factories import TopicFactory, make_self_service_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def links(portal):
    return {
        "flyt": portal.link,  # "Anmeld flytning"
        "pas": make_self_service_link(slug="bestil-pas", title="Bestil pas", description="Bestil et nyt pas. Det tager to uger."),
        "laege": make_self_service_link(slug="skift-laege", title="Skift læge", description="Vælg en ny læge."),
        "sygesikring": make_self_service_link(slug="sygesikring", title="Bestil sygesikringskort", description="Kort."),
    }


def ping(client, link, **headers):
    return client.post(f"/selvbetjening-klik/{link.pk}/", b"PING", content_type="text/ping",
                       HTTP_PING_TO=link.url, **headers)


def test_clicks_and_searches_rank_the_solutions_and_an_editors_choice_comes_first(client, links):
    for _ in range(3):
        assert ping(client, links["laege"]).status_code == 204
    for _ in range(5):
        analytics.record("bestil pas", found=True)  # every word of the query is in "Bestil pas"
    analytics.record("pas", found=True)
    assert SelfServiceClick.objects.get(link=links["laege"]).clicks == 3
    ranked = [link.title for link in selectors.most_used()]
    assert ranked[:2] == ["Bestil pas", "Skift læge"]
    # Unused ones follow, the one guides point to first.
    assert ranked[2] == "Anmeld flytning"

    FeaturedSelfService.objects.create(link=links["sygesikring"], sort_order=1)
    assert [link.title for link in selectors.most_used()][:3] == ["Bestil sygesikringskort", "Bestil pas", "Skift læge"]
    publishing.unpublish(links["pas"])
    assert "Bestil pas" not in [link.title for link in selectors.most_used()]


def test_the_home_page_shows_them_with_topic_cards_of_one_line(client, links):
    TopicFactory(slug="familie", title="Familie og børn",
                 description="Graviditet, barsel og børnepasning. Her finder du også alt om skilsmisse og samvær.")
    ping(client, links["laege"])
    body = client.get("/").content.decode()
    popular = body[body.index("Mest brugte selvbetjeninger"):body.index("<h2>Emner</h2>")]
    assert popular.index("Skift læge") < popular.index("Bestil pas")
    assert 'href="/selvbetjening/skift-laege/"' in popular
    assert "Bestil et nyt pas.</span>" in popular  # the first sentence only
    topics = body[body.index("<h2>Emner</h2>"):]
    assert "Graviditet, barsel og børnepasning.</span>" in topics and "skilsmisse" not in topics


def test_the_solutions_button_pings_without_javascript_and_counts_only_pings(client, links):
    body = client.get("/selvbetjening/anmeld-flytning/").content.decode()
    assert re.search(r'href="https://www.borger.dk/flyt" ping="/selvbetjening-klik/\d+/"', body)
    link = links["flyt"]
    assert client.get(f"/selvbetjening-klik/{link.pk}/").status_code == 405
    assert client.post(f"/selvbetjening-klik/{link.pk}/", {"x": "1"}).status_code == 400
    assert client.post("/selvbetjening-klik/999999/", b"PING", content_type="text/ping").status_code == 204
    publishing.unpublish(links["pas"])
    ping(client, links["pas"])
    assert not SelfServiceClick.objects.exists()
