"""The development-only test-citizen login: on in `make demo`, impossible in production."""

import pytest

from cms.sso.citizen import current_citizen
from tests.cms.test_settings import STRONG_KEY, run_django

pytestmark = pytest.mark.django_db
LOGIN = "/sso/borger/testperson/"


@pytest.fixture
def enabled(settings):
    settings.SSO_DEV_CITIZEN_LOGIN = True
    settings.PERSON_REGISTER_ADAPTER = "cms.sso.person_register.DevelopmentPersonRegister"


def test_it_is_off_unless_enabled(client):
    assert client.get(LOGIN).status_code == 404
    assert client.post(LOGIN, {"person": "2"}).status_code == 404
    assert current_citizen(client.get("/").wsgi_request) is None
    assert "testborger" not in client.get("/sso/borger/login/").content.decode()


def test_it_needs_the_development_person_register(client, enabled, settings):
    settings.PERSON_REGISTER_ADAPTER = "cms.sso.person_register.CprServicePersonRegister"
    assert client.get(LOGIN).status_code == 404


def test_a_test_person_signs_in_and_lands_on_next(client, enabled, sso_logs):
    choices = client.get("/sso/borger/login/", {"next": "/mine-abonnementer/"}).content.decode()
    assert f"{LOGIN}?next=/mine-abonnementer/" in choices.replace("%2F", "/")
    page = client.get(LOGIN, {"next": "/mine-abonnementer/"}).content.decode()
    assert "Testborger i Aarhus" in page and "0202802345" not in page  # CPR numbers stay on the server

    response = client.post(LOGIN, {"person": "2", "next": "/mine-abonnementer/"})
    assert response.status_code == 302 and response["Location"] == "/mine-abonnementer/"
    citizen = current_citizen(response.wsgi_request)
    assert citizen.municipality_code == "751" and citizen.source == "testperson"
    overview = client.get("/mine-abonnementer/").content.decode()
    assert "Aarhus" in overview
    sso_logs.assert_clean("0202802345")


def test_an_unknown_choice_or_a_foreign_next_is_refused(client, enabled):
    assert client.post(LOGIN, {"person": "0202802345"}).status_code == 400  # a CPR number is not a choice
    assert current_citizen(client.get("/").wsgi_request) is None
    response = client.post(LOGIN, {"person": "1", "next": "https://evil.example.com/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


@pytest.mark.slow
def test_production_never_turns_it_on():
    result = run_django(
        "cms.settings.production", "from django.conf import settings; print(settings.SSO_DEV_CITIZEN_LOGIN)",
        SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example.dk", SSO_DEV_CITIZEN_LOGIN="true",
    )
    assert result.stdout.strip() == "False", result.stderr


def test_a_test_person_whose_lookup_fails_is_asked_to_choose(client, enabled):
    page = client.get(LOGIN).content.decode()
    assert "Testborger, hvor opslaget i CPR-registret fejler" in page
    client.post(LOGIN, {"person": "6", "next": "/kommune/"})
    assert current_citizen(client.get("/").wsgi_request).municipality_lookup == "unavailable"
    assert "Vi kunne ikke slå din kommune op" in client.get("/kommune/").content.decode()
