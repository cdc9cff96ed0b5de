"""A GraphQL request in a signed-in citizen's session: no `municipality` argument means where the citizen lives
(person register); an explicit argument wins; such responses never reach a cache."""

import json

import pytest

from content_models.models import Municipality
from tests import factories

pytestmark = pytest.mark.django_db

AARHUS_CPR = "0202802345"  # lives in Aarhus (751) in the development person register
ABROAD_CPR = "0505055678"  # registered as living abroad
AARHUS_TEXT = "<p>Borgerservice i Aarhus ligger i Dokk1.</p>"
GUIDE = "query ($m: String) { guide(slug: \"flytning\", municipality: $m) { sections { localText { bodyHtml } } } }"
IMPLICIT = '{ guide(slug: "flytning") { sections { localText { bodyHtml } } } }'
GUIDES = "{ guides(first: 5) { edges { node { slug sections { localText { bodyHtml } } } } } }"
LINK = '{ selfServiceLink(slug: "anmeld-flytning") { url } }'
NATIONAL_URL = "https://www.borger.dk/flyt"
AARHUS_URL = "https://aarhus.dk/flyt"


@pytest.fixture
def content():
    aarhus = Municipality.objects.get(code="751")
    guide = factories.make_guide(slug="flytning", title="Flytning")
    factories.make_local_text(guide, municipality=aarhus, body=AARHUS_TEXT)
    link = factories.make_self_service_link(slug="anmeld-flytning", url=NATIONAL_URL)
    factories.make_url_override(link, municipality=aarhus, url=AARHUS_URL)
    return guide


def local_text(payload) -> str | None:
    (section,) = payload["data"]["guide"]["sections"]
    return section["localText"] and section["localText"]["bodyHtml"]


def get(client, query, variables=None):
    params = {"query": query} | ({"variables": json.dumps(variables)} if variables is not None else {})
    return client.get("/graphql/", params, HTTP_HOST="127.0.0.1", HTTP_ACCEPT="application/json")


def test_without_a_citizen_nothing_changes(gql, content):
    assert local_text(gql(IMPLICIT)) is None


def test_a_signed_in_citizen_gets_their_own_municipalitys_text_and_urls(client, gql, content):
    factories.sign_in_citizen(client, cpr=AARHUS_CPR)
    assert local_text(gql(IMPLICIT)) == AARHUS_TEXT
    assert local_text(gql(GUIDE)) == AARHUS_TEXT  # a variable that is not given is no argument
    (edge,) = gql(GUIDES)["data"]["guides"]["edges"]
    assert edge["node"]["sections"][0]["localText"]["bodyHtml"] == AARHUS_TEXT
    assert gql(LINK)["data"]["selfServiceLink"]["url"] == AARHUS_URL


@pytest.mark.parametrize("explicit", ["101", None, ""])
def test_an_explicit_argument_wins(client, gql, content, explicit):
    factories.sign_in_citizen(client, cpr=AARHUS_CPR)
    assert local_text(gql(GUIDE, {"m": explicit})) is None
    literal = "null" if explicit is None else json.dumps(explicit)
    query = f'{{ guide(slug: "flytning", municipality: {literal}) {{ sections {{ localText {{ bodyHtml }} }} }} }}'
    assert local_text(gql(query)) is None


def test_a_citizen_without_a_municipality_gets_national_content(client, gql, content):
    factories.sign_in_citizen(client, cpr=ABROAD_CPR)
    assert local_text(gql(IMPLICIT)) is None
    assert gql(LINK)["data"]["selfServiceLink"]["url"] == NATIONAL_URL


def test_citizen_responses_are_never_cached_and_never_served_from_the_cache(client, content):
    anonymous = get(client, IMPLICIT)
    assert anonymous["Cache-Control"].startswith("public") and local_text(anonymous.json()) is None

    factories.sign_in_citizen(client, cpr=AARHUS_CPR)
    personal = get(client, IMPLICIT)
    assert local_text(personal.json()) == AARHUS_TEXT  # not the anonymous answer from the cache
    assert personal["Cache-Control"] == "no-store" and not personal.has_header("ETag")
    assert "Cookie" in personal["Vary"]

    client.cookies.clear()
    again = get(client, IMPLICIT)
    assert local_text(again.json()) is None and again["Cache-Control"].startswith("public")
    assert "Cookie" not in again["Vary"]  # partners, who send no cookie, are cached as before


def test_a_partners_key_speaks_for_the_partner_whatever_cookies_come_along(gql, client, content):
    from syndication.models import Partner
    from syndication.partners.keys import issue_key

    _, raw_key = issue_key(Partner.objects.create(name="Aarhus Kommune", slug="aarhus"), name="Hjemmeside")
    factories.sign_in_citizen(client, cpr=AARHUS_CPR)
    assert local_text(gql(IMPLICIT, HTTP_X_API_KEY=raw_key)) is None
