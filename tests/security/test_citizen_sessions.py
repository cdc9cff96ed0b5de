"""Citizen sessions are short: the cookie ends with the browser, the session after 15 idle minutes and 8 hours
after the login, and "Slet mine data" wants a login from the last few minutes, forced at the identity provider.
Editors' sessions last EDITOR_SESSION_HOURS."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.utils import timezone

from cms.sso import citizen as citizen_module
from cms.sso import oidc
from cms.sso.citizen import current_citizen
from syndication.models import Subscription
from tests.cms.sso.conftest import person_attributes, post_saml_response, saml_idp, saml_parties, sso_keys  # noqa: F401
from tests.cms.test_settings import run_django
from tests.factories import make_guide, sign_in_citizen

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/mine-abonnementer/"
DELETE = "/mine-abonnementer/slet-mine-data/"


@pytest.fixture
def clock(monkeypatch):
    """The citizen session's clock, moved on by the test."""

    class Clock:
        offset = 0.0

        def time(self):
            return time.time() + self.offset

        def advance(self, minutes):
            self.offset += minutes * 60

    fake = Clock()
    monkeypatch.setattr(citizen_module, "time", fake)
    return fake


def signed_in(client):
    return client.get(SUBSCRIPTIONS).status_code == 200


def saml_citizen_login(client, idp, next_url=SUBSCRIPTIONS, **params):
    response = client.get("/sso/saml/login/", {"audience": "citizen", "next": next_url, **params})
    request = idp.receive(response["Location"])
    return request, post_saml_response(client, idp.respond(request, person_attributes()))


def test_the_citizens_cookie_ends_with_the_browser_and_the_stored_session_soon(client, saml_idp):
    _, response = saml_citizen_login(client, saml_idp)
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    row = Session.objects.get(session_key=cookie.value)
    assert row.expire_date <= timezone.now() + timedelta(minutes=15)  # the encrypted CPR is gone soon after


def test_an_editors_session_lasts_the_configured_hours(admin_client, settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600  # EDITOR_SESSION_HOURS' default
    row = Session.objects.get(session_key=admin_client.cookies["sessionid"].value)
    assert timezone.now() + timedelta(hours=9) < row.expire_date <= timezone.now() + timedelta(hours=10)


@pytest.mark.slow
def test_editor_session_hours_come_from_the_environment():
    result = run_django("cms.settings.test", "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
                        EDITOR_SESSION_HOURS="2.5")
    assert result.stdout.strip() == "9000", result.stderr


def test_fifteen_idle_minutes_end_the_session(client, clock):
    sign_in_citizen(client)
    clock.advance(14)
    assert signed_in(client)
    clock.advance(14)  # 14 minutes since the last request: still in
    assert signed_in(client)
    clock.advance(16)
    response = client.get(SUBSCRIPTIONS)
    assert response.status_code == 302 and response["Location"].startswith("/sso/borger/login/")
    assert current_citizen(response.wsgi_request) is None
    assert "ikke har brugt portalen et stykke tid" in [m.message for m in get_messages(response.wsgi_request)][0]
    clock.advance(-16)  # going back in time does not bring the citizen back: the session forgot them
    assert not signed_in(client)


def test_eight_hours_end_the_session_however_active(client, clock):
    sign_in_citizen(client)
    for _ in range(47):  # a request every 10 minutes for 7 h 50 min
        clock.advance(10)
        assert signed_in(client)
    clock.advance(11)
    assert not signed_in(client)


def test_deleting_data_needs_a_fresh_login_forced_at_the_identity_provider(client, saml_idp, clock):
    guide = make_guide()
    _, response = saml_citizen_login(client, saml_idp)
    client.post("/mine-abonnementer/foelg/", {"kind": "guide", "id": guide.pk, "next": "/"})
    assert Subscription.objects.count() == 1
    clock.advance(6)

    for attempt in (client.get(DELETE), client.post(DELETE)):
        assert attempt.status_code == 302
        assert urlsplit(attempt["Location"]).path == "/sso/borger/login/"
        assert parse_qs(urlsplit(attempt["Location"]).query) == {"next": [DELETE], "bekraeft": ["1"]}
    assert Subscription.objects.count() == 1  # nothing deleted on an old login

    page = client.get(attempt["Location"]).content.decode()
    assert "Log ind igen for at bekræfte, at det er dig" in page and "force=1" in page
    request, response = saml_citizen_login(client, saml_idp, next_url=DELETE, force="1")
    assert request.force_authn  # NemLog-in must authenticate the person again, not reuse its session
    assert response["Location"] == DELETE
    assert "Ja, slet alle mine data" in client.get(DELETE).content.decode()
    assert client.post(DELETE).status_code == 302 and Subscription.objects.count() == 0


def test_an_ordinary_login_does_not_force_authentication(client, saml_idp):
    request, _ = saml_citizen_login(client, saml_idp)
    assert not request.force_authn


def test_a_forced_oidc_login_asks_for_a_new_authentication_and_checks_it(settings, monkeypatch):
    provider = oidc.Provider(
        key="borger", issuer="https://login.example", client_id="portal", client_secret="", audience="citizen",
        label="MitID", scopes=("openid",), claims={}, min_loa="Substantial", token_auth_method="client_secret_basic",
        algorithms=("RS256",), acr_values="",
    )
    monkeypatch.setattr(oidc, "discovery", lambda p: {"authorization_endpoint": "https://login.example/auth"})
    url, pending = oidc.authorization_url(provider, "https://portal/cb", "/", force=True)
    query = parse_qs(urlsplit(url).query)
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]
    oidc.require_fresh_login({"auth_time": pending.created + 3}, pending)
    for stale in ({}, {"auth_time": pending.created - 3600}, {"auth_time": "now"}):
        with pytest.raises(oidc.SSOError, match="stale_login"):
            oidc.require_fresh_login(stale, pending)
    plain_url, plain = oidc.authorization_url(provider, "https://portal/cb", "/")
    assert "prompt" not in parse_qs(urlsplit(plain_url).query)
    oidc.require_fresh_login({}, plain)
