"""A citizen's MitID login with the production person register (the fake SF1520 service): the municipality
from the register, and when the lookup fails, a login that works anyway and a page that asks them to choose."""

import pytest

from cms.sso.citizen import SESSION_KEY, current_citizen
from tests.fakes.cpr_service import DOWN, Person

from .conftest import CITIZEN_CPR, person_attributes, post_saml_response, start_saml_login

pytestmark = pytest.mark.django_db
ASKED = "Vi kunne ikke slå din kommune op"


def _log_in(client, saml_idp):
    request = start_saml_login(client, saml_idp, audience="citizen", next_url="/kommune/")
    response = post_saml_response(client, saml_idp.respond(request, person_attributes()))
    assert response.status_code == 302 and response["Location"] == "/kommune/"
    return current_citizen(response.wsgi_request)


def test_the_municipality_comes_from_the_cpr_register_and_only_its_code_is_kept(client, saml_idp, cpr_service):
    cpr_service.state.people[CITIZEN_CPR] = Person(municipality=751)
    citizen = _log_in(client, saml_idp)
    assert (citizen.municipality_code, citizen.municipality_lookup) == ("751", "found")
    stored = client.session[SESSION_KEY]
    assert set(stored) == {"cpr_hash", "municipality_code", "loa", "source", "signed_in_at", "cpr_token",
                           "municipality_lookup", "last_seen"}
    page = client.get("/kommune/").content.decode()
    assert "Din kommune: <strong>Aarhus Kommune</strong>" in page and ASKED not in page


@pytest.mark.parametrize("trouble", ["down", "unknown_person", "protected"])
def test_when_the_lookup_fails_the_citizen_is_signed_in_and_asked_to_choose(client, saml_idp, cpr_service, trouble):
    if trouble == "down":
        cpr_service.state.behaviour = lambda n: DOWN
    elif trouble == "protected":
        cpr_service.state.people[CITIZEN_CPR] = Person(municipality=751, protected=True)
    citizen = _log_in(client, saml_idp)
    assert citizen.municipality_code is None
    assert citizen.municipality_lookup == ("unavailable" if trouble == "down" else "not_found")

    page = client.get("/kommune/").content.decode()
    assert ASKED in page and "Vælg selv din kommune" in page and "Ingen kommune valgt" in page
    overview = client.get("/mine-abonnementer/").content.decode()
    assert "Vi kunne ikke slå din bopælskommune op i CPR-registret" in overview and "Vælg din kommune" in overview

    # Chosen by hand: local content follows the choice and the request to choose goes away.
    chosen = client.get("/kommune/", {"kommune": "461", "next": "/"})
    assert chosen.status_code == 302
    page = client.get("/kommune/").content.decode()
    assert ASKED not in page and "Din kommune: <strong>Odense Kommune</strong>" in page


def test_someone_living_abroad_is_not_asked_to_choose(client, saml_idp, cpr_service):
    cpr_service.state.people[CITIZEN_CPR] = Person(abroad=True)
    citizen = _log_in(client, saml_idp)
    assert (citizen.municipality_code, citizen.municipality_lookup) == (None, "abroad")
    assert ASKED not in client.get("/kommune/").content.decode()
    assert "ingen bopælskommune i Danmark" in client.get("/mine-abonnementer/").content.decode()
