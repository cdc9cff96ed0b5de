"""The citizen site through the Django test client: pages of every kind, search, municipality choice, bad input."""

import re

import pytest

from content_models.worker.drain import drain
from frontend.municipality import COOKIE_NAME
from search.types import Facet, FacetValue, SearchHit, SearchResponse
from content_models.models import Authority
from tests.factories import make_guide, make_self_service_link, sign_in_citizen

from .conftest import AARHUS_URL, LOCAL_TEXT, NATIONAL_URL

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_dkfds_page(body: str):
    assert '<html lang="da">' in body
    assert "/static/vendor/dkfds/css/dkfds.min.css" in body and "/static/vendor/dkfds/js/dkfds.min.js" in body
    assert 'class="header"' in body and 'class="skipnav"' in body
    # Nothing from a CDN: every stylesheet and script is a local static file, and no inline script. (The page's
    # language versions are absolute <link rel="alternate" hreflang> addresses, as search engines require.)
    assert not re.search(r'<(?:script|link)(?![^>]*rel="alternate")[^>]+(?:src|href)="(?:https?:)?//', body)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert " style=" not in body


# --------------------------------------------------------------------------------------------------
# Home, index pages and content pages (Wagtail's page serving with the frontend's templates)


def test_home_has_one_search_box_and_shortcuts(client, portal):
    body = html(client.get("/"))
    assert_dkfds_page(body)
    assert body.count('role="search"') == 1
    assert 'action="/soeg/"' in body and 'name="q"' in body
    for url in ("/vejledninger/", "/selvbetjening/", "/boligejer/", "/it-formidler/", "/emner/", "/standarder/"):
        assert f'href="{url}"' in body
    assert 'href="/emner/bolig-og-flytning/"' in body


@pytest.mark.parametrize(
    "path, child",
    [
        ("/vejledninger/", "/vejledninger/flytning/"),
        ("/selvbetjening/", "/selvbetjening/anmeld-flytning/"),
        ("/boligejer/", "/boligejer/koeb-af-bolig/"),
        ("/it-formidler/", "/it-formidler/kom-i-gang-med-mitid/"),
    ],
)
def test_index_pages_list_their_live_children(client, portal, path, child):
    make_guide(slug="kladde", title="Kladde", live=False)
    body = html(client.get(path))
    assert_dkfds_page(body)
    assert f'href="{child}"' in body
    assert "/vejledninger/kladde/" not in body


def test_index_pages_are_paginated(client, portal):
    for n in range(25):
        make_self_service_link(slug=f"loesning-{n:02}", title=f"Løsning {n:02}", url="https://example.dk/")
    first = html(client.get("/selvbetjening/"))
    assert 'class="pagination"' in first and 'href="?side=2"' in first
    second = html(client.get("/selvbetjening/?side=2"))
    assert 'aria-current="page">2<' in second
    assert "Løsning 00" in first and "Løsning 00" not in second


def test_guide_without_municipality_shows_national_text_and_invites_a_choice(client, portal):
    body = html(client.get("/vejledninger/flytning/"))
    assert_dkfds_page(body)
    assert "<h1>Flytning</h1>" in body
    assert 'class="accordion guide-sections"' in body and "Anmeld din flytning" in body and "Det skal du huske" in body
    assert LOCAL_TEXT not in body
    assert "Vælg din kommune for at se lokal information" in body
    # The related eService at the national address, with its login.
    assert f'href="{NATIONAL_URL}"' in body and "Kræver login med MitID" in body


def test_guide_shows_the_chosen_municipalitys_local_text_marked_as_local(client, portal):
    client.cookies[COOKIE_NAME] = "751"
    body = html(client.get("/vejledninger/flytning/"))
    assert LOCAL_TEXT in body
    assert "Lokal information fra Aarhus Kommune" in body
    assert f'href="{AARHUS_URL}"' in body
    assert "Din kommune: <strong>Aarhus Kommune</strong>" in body


def test_other_municipality_sees_no_aarhus_text(client, portal):
    body = html(client.get("/vejledninger/flytning/?kommune=101"))
    assert LOCAL_TEXT not in body and f'href="{NATIONAL_URL}"' in body


def test_self_service_link_page_uses_the_municipalitys_own_url(client, portal):
    national = html(client.get("/selvbetjening/anmeld-flytning/"))
    assert_dkfds_page(national)
    assert f'href="{NATIONAL_URL}"' in national and "Kræver login med MitID" in national
    assert "CPR-kontoret" in national
    assert 'href="/vejledninger/flytning/"' in national  # the guide that links to it
    client.cookies[COOKIE_NAME] = "751"
    local = html(client.get("/selvbetjening/anmeld-flytning/"))
    assert f'href="{AARHUS_URL}"' in local and "Aarhus Kommune" in local


def test_step_by_step_page_has_a_step_indicator(client, portal):
    body = html(client.get("/boligejer/koeb-af-bolig/"))
    assert_dkfds_page(body)
    assert 'class="step-indicator"' in body
    assert 'href="#trin-1"' in body and 'id="trin-2"' in body
    assert "Trin 2 af 2:" in body and "Find en bolig" in body


def test_teaching_module_page(client, portal):
    body = html(client.get("/it-formidler/kom-i-gang-med-mitid/"))
    assert_dkfds_page(body)
    assert "Begynder" in body and "45 minutter" in body and "Kan logge på med MitID" in body


def test_standards_list_and_detail_with_related(client, portal):
    listing = html(client.get("/standarder/"))
    assert_dkfds_page(listing)
    assert 'href="/standarder/OIOUBL-2.1/"' in listing and 'href="/standarder/NemHandel/"' in listing
    detail = html(client.get("/standarder/OIOUBL-2.1/"))
    assert "<h1>OIOUBL 2.1</h1>" in detail and "gældende" in detail
    assert "Relaterede standarder" in detail and 'href="/standarder/NemHandel/"' in detail
    filtered = html(client.get("/standarder/?kategori=service"))
    assert "OIOUBL-2.1" not in filtered


def test_topic_page_lists_live_items_of_every_kind(client, portal):
    topics = html(client.get("/emner/"))
    assert 'href="/emner/bolig-og-flytning/"' in topics
    body = html(client.get("/emner/bolig-og-flytning/"))
    assert_dkfds_page(body)
    assert 'href="/vejledninger/flytning/"' in body and 'href="/selvbetjening/anmeld-flytning/"' in body
    assert "<h2>Vejledninger</h2>" in body and "<h2>Selvbetjeningsløsninger</h2>" in body


# --------------------------------------------------------------------------------------------------
# Search


def test_search_results_with_highlight_facets_and_labels(client, portal):
    client.cookies[COOKIE_NAME] = "751"
    body = html(client.get("/soeg/", {"q": "flytning"}))
    assert_dkfds_page(body)
    assert 'value="flytning"' in body
    assert 'href="/vejledninger/flytning/"' in body and 'href="/selvbetjening/anmeld-flytning/"' in body
    assert "<mark>" in body  # the engine's escaped snippet, rendered as HTML
    assert "resultater for »flytning«" in body
    # Facets in Danish: kinds as checkboxes, topic and municipality as links.
    assert 'name="type" value="guide"' in body and "Vejledning (1)" in body
    assert ">Bolig og flytning</a>" in body
    assert "Aarhus Kommune" in body and "Lokalt indhold" in body
    assert "CPR-kontoret" in body


def test_search_kind_and_topic_filters(client, portal):
    body = html(client.get("/soeg/", {"q": "flytning", "type": "self_service_link"}))
    assert 'href="/selvbetjening/anmeld-flytning/"' in body and 'href="/vejledninger/flytning/"' not in body
    assert 'value="self_service_link" class="form-checkbox" checked' in body
    # A chosen kind is a removable chip, so a search that finds nothing can still be widened.
    nothing = html(client.get("/soeg/", {"q": "flytning", "type": "standard"}))
    assert "0 resultater" in nothing and "Type: <strong>Standard</strong>" in nothing
    remove = re.search(r'<a href="([^"]*)">Fjern typen', nothing).group(1).replace("&amp;", "&")
    assert "type=" not in remove and 'href="/vejledninger/flytning/"' in html(client.get("/soeg/" + remove))
    topic = html(client.get("/soeg/", {"q": "flytning", "emne": "bolig-og-flytning"}))
    assert "Fjern emnet" in topic


def test_the_kind_form_keeps_every_other_filter(client, portal):
    body = html(client.get("/soeg/", {"q": "flytning", "maalgruppe": "borger", "lokalt": "751",
                                      "type": "self_service_link"}))
    form = re.search(r'<form method="get" action="/soeg/" class="facet">(.*?)</form>', body, re.S).group(1)
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert kept == {"q": "flytning", "maalgruppe": "borger", "lokalt": "751"}  # the boxes are not doubled


def test_search_authority_facet_filters(client, portal):
    body = html(client.get("/soeg/", {"q": "flytning"}))
    link = re.search(r'href="(\?[^"]*myndighed=[^"]*)">CPR-kontoret</a>', body)
    assert link, "the authority facet links to a filter"
    filtered = html(client.get("/soeg/" + link.group(1).replace("&amp;", "&")))
    assert 'href="/selvbetjening/anmeld-flytning/"' in filtered and 'href="/vejledninger/flytning/"' not in filtered
    assert "Fjern myndigheden" in filtered


def test_municipality_facet_filters_to_local_content_and_chooses_nothing(client, portal):
    make_guide(slug="flytning-til-udlandet", title="Flytning til udlandet",
               sections=[("om", "Om", "<p>Flytning ud af Danmark.</p>")])
    drain()
    body = html(client.get("/soeg/", {"q": "flytning"}))
    link = re.search(r'href="(\?[^"]*lokalt=751[^"]*)">Aarhus Kommune</a>', body)
    assert link, "the municipality facet links to a filter"
    response = client.get("/soeg/" + link.group(1).replace("&amp;", "&"))
    filtered = html(response)
    assert COOKIE_NAME not in response.cookies  # filtering is no choice of municipality
    assert "Ingen kommune valgt" in filtered
    assert 'href="/vejledninger/flytning/"' in filtered and "/vejledninger/flytning-til-udlandet/" not in filtered
    assert "Lokalt indhold for: <strong>Aarhus Kommune</strong>" in filtered
    remove = re.search(r'<a href="([^"]*)">Fjern kommunen', filtered).group(1)
    assert "lokalt" not in remove
    assert "/vejledninger/flytning-til-udlandet/" in html(client.get("/soeg/" + remove.replace("&amp;", "&")))


def test_one_authority_is_one_facet_value_and_catalogue_entries_say_what_they_are(client, portal):
    from content_models import publishing
    from content_models.models import Standard
    from tests.factories import AuthorityFactory, make_standard

    AuthorityFactory(slug="digitaliseringsstyrelsen", name="Digitaliseringsstyrelsen")
    make_standard(identifier="OIOSAML", title="OIOSAML digitaliseringsstyrelsen", owner="DIGITALISERINGSSTYRELSEN")
    organisation = make_standard(identifier="Digitaliseringsstyrelsen", title="Digitaliseringsstyrelsen",
                                 owner="Digitaliseringsstyrelsen", description="Styrelsen bag standarderne.", live=False)
    organisation.category = Standard.Category.ORGANISATION
    organisation.save()
    publishing.publish(organisation)
    make_self_service_link(slug="digital-post", title="Digital Post fra Digitaliseringsstyrelsen",
                           authority=Authority.objects.get(slug="digitaliseringsstyrelsen"))
    drain()
    body = html(client.get("/soeg/", {"q": "digitaliseringsstyrelsen"}))
    facet = body.split('id="facet-authority"')[1].split("</ul>")[0]
    assert facet.count("Digitaliseringsstyrelsen") == 1 and "(3)" in facet
    result = body.split('href="/standarder/Digitaliseringsstyrelsen/"')[0].rsplit('class="result-kind"', 1)[1]
    assert "Organisation" in result and "Standard" not in result


def test_an_automatic_correction_says_so_and_links_to_the_words_as_typed(client, portal):
    from search import spelling

    spelling.vocabulary.refresh(object())
    body = html(client.get("/soeg/", {"q": "flyttnig"}))
    assert "Viser resultater for <strong>flytning</strong>." in body
    assert 'Søg i stedet efter <a href="?q=flyttnig&amp;som-skrevet=1">flyttnig</a>' in body
    assert "resultater for »flytning«" in body
    as_typed = html(client.get("/soeg/", {"q": "flyttnig", "som-skrevet": "1"}))
    assert "Viser resultater for" not in as_typed


def test_some_of_the_words_says_so(client, portal):
    body = html(client.get("/soeg/", {"q": "flytning hundeskat"}))
    assert "Viser resultater, der matcher nogle af ordene." in body


def test_search_pagination(client, portal):
    for n in range(12):
        make_guide(slug=f"flytning-{n}", title=f"Flytning {n}", sections=[("om", "Om", "<p>Flytning.</p>")])
    drain()
    first = html(client.get("/soeg/", {"q": "flytning"}))
    assert 'class="pagination"' in first and 'href="?q=flytning&amp;side=2"' in first
    second = html(client.get("/soeg/", {"q": "flytning", "side": "2"}))
    assert 'aria-current="page">2<' in second


def test_empty_query_shows_the_form_only(client, portal):
    body = html(client.get("/soeg/"))
    assert "Skriv, hvad du leder efter" in body and "resultater for" not in body


HIGHLIGHT = "<mark>Flytning</mark>"


def test_degraded_search_shows_the_fallback_notice(client, portal, monkeypatch):
    answer = SearchResponse(
        total=1,
        hits=[SearchHit("guide", "flytning", "Flytning", "Om flytning.", "/vejledninger/flytning/", HIGHLIGHT)],
        engine="database", facets=[Facet("kind", [FacetValue("guide", 1)])], degraded=True,
        notices=["Søgningen bruger lige nu en reserveløsning; resultaterne kan være mindre præcise."],
    )
    monkeypatch.setattr("frontend.views.search.service.search", lambda request: answer)
    body = html(client.get("/soeg/", {"q": "flytning"}))
    assert 'class="alert alert-warning"' in body and "Søgningen kører i reservetilstand" in body
    assert "<mark>Flytning</mark>" in body


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "flytning " * 1200, "flytning 🏠🚚 ñ ø"],
    ids=["script", "attribute-breakout", "10kB", "emoji"],
)
def test_hostile_queries_are_escaped_and_bounded(client, portal, query):
    response = client.get("/soeg/", {"q": query})
    body = html(response)
    assert "<script>alert" not in body and "<img src=x" not in body and '"><img' not in body
    if "<" in query:
        assert "&lt;" in body
    assert len(response.content) < 60_000  # the 10 kB query is cut, never echoed in full
    if "🏠" in query:
        assert "flytning 🏠🚚 ñ ø" in body


def test_autocomplete_suggestions_json(client, portal):
    response = client.get("/soeg/forslag/", {"q": "flyt"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "flyt"
    assert {"title": "Flytning", "url": "/vejledninger/flytning/", "kind": "Vejledning"} in data["suggestions"]
    assert client.get("/soeg/forslag/", {"q": "f"}).json()["suggestions"] == []


def test_autocomplete_offers_earlier_successful_searches_as_typed(client, portal):
    from search import analytics, spelling

    analytics.record("Kørekort fornyelse", found=True)
    analytics.record("kørekort xyz", found=False)  # found nothing: never offered
    spelling.vocabulary.refresh(object())
    suggestions = client.get("/soeg/forslag/", {"q": "koerek"}).json()["suggestions"]
    assert suggestions[0] == {"title": "kørekort fornyelse", "url": "/soeg/?q=k%C3%B8rekort+fornyelse",
                              "kind": "Søgning"}
    assert all(s["title"] != "kørekort xyz" for s in suggestions)


# --------------------------------------------------------------------------------------------------
# Municipality choice


def test_kommune_parameter_sets_the_cookie(client, portal):
    response = client.get("/vejledninger/flytning/", {"kommune": "0751"})
    assert LOCAL_TEXT in html(response)
    assert response.cookies[COOKIE_NAME].value == "751"
    assert response.cookies[COOKIE_NAME]["httponly"] and response.cookies[COOKIE_NAME]["samesite"] == "Lax"
    # Remembered on the next page, and cleared by an empty choice.
    assert LOCAL_TEXT in html(client.get("/vejledninger/flytning/"))
    cleared = client.get("/vejledninger/flytning/", {"kommune": ""})
    assert LOCAL_TEXT not in html(cleared) and cleared.cookies[COOKIE_NAME].value == ""


def test_unknown_municipality_code_falls_back_with_a_notice(client, portal):
    client.cookies[COOKIE_NAME] = "751"
    response = client.get("/vejledninger/flytning/", {"kommune": "999"})
    body = html(response)
    assert "Ukendt kommune" in body and 'class="alert alert-warning"' in body
    assert LOCAL_TEXT not in body
    assert COOKIE_NAME not in response.cookies  # the earlier choice is kept for later pages


def test_a_broken_cookie_is_ignored(client, portal):
    client.cookies[COOKIE_NAME] = "<script>"
    body = html(client.get("/vejledninger/flytning/"))
    assert "Ingen kommune valgt" in body and "Ukendt kommune" not in body


def test_chooser_form_lists_every_municipality_and_goes_back(client, portal):
    body = html(client.get("/kommune/", {"next": "/vejledninger/flytning/"}))
    assert_dkfds_page(body)
    assert body.count("<option value=") == 98 + 1
    assert '<option value="751">Aarhus Kommune</option>' in body
    assert 'name="next" value="/vejledninger/flytning/"' in body
    response = client.get("/kommune/", {"kommune": "751", "next": "/vejledninger/flytning/"})
    assert response.status_code == 302 and response["Location"] == "/vejledninger/flytning/"
    assert response.cookies[COOKIE_NAME].value == "751"


def test_chooser_ignores_a_foreign_next(client, portal):
    response = client.get("/kommune/", {"kommune": "751", "next": "https://evil.example/"})
    body = html(response)
    assert "Din kommune er nu Aarhus Kommune." in body
    assert "evil.example" not in body


# --------------------------------------------------------------------------------------------------
# Not found


@pytest.mark.parametrize(
    "path",
    ["/vejledninger/findes-ikke/", "/standarder/FINDES-IKKE/", "/emner/findes-ikke/", "/noget/helt/andet/", "/x.txt"],
)
def test_unknown_pages_get_the_helpful_404(client, portal, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert_dkfds_page(body)
    assert "Vi kan ikke finde siden" in body and 'role="search"' in body


def test_english_browsers_get_the_danish_pages(client, portal):
    body = html(client.get("/vejledninger/flytning/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert "<h1>Flytning</h1>" in body


def test_a_signed_in_citizens_municipality_applies_unless_they_chose_another(client, portal):
    sign_in_citizen(client, cpr="0202802345")  # lives in Aarhus (751)
    response = client.get("/vejledninger/flytning/")
    assert LOCAL_TEXT in html(response)
    assert response["Cache-Control"] == "private, no-store"  # a personal page never reaches a shared cache
    client.cookies[COOKIE_NAME] = "101"  # the citizen's own choice wins
    assert LOCAL_TEXT not in html(client.get("/vejledninger/flytning/"))
