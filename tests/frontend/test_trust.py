"""Pages citizens can trust: the footer's accessibility statement, privacy and about pages on every page, the
login pages on the site's template and CSP, and the site's own 404 and 500 pages also with DEBUG on."""

import re

import pytest
from django.test import override_settings

from frontend import trust

from .test_views import assert_dkfds_page

pytestmark = pytest.mark.django_db


def footer_links(body: str) -> dict[str, str]:
    footer = body[body.index("<footer"):]
    return {text: href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)}


@pytest.mark.parametrize("path", ["/", "/vejledninger/flytning/", "/soeg/?q=flytning", "/kommune/", "/sso/borger/login/",
                                  "/om-portalen/", "/privatliv-og-cookies/"])
def test_every_page_links_the_statement_privacy_and_about(client, portal, path, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.borgerportalen.dk"
    links = footer_links(client.get(path).content.decode())
    assert links["Tilgængelighedserklæring"] == "https://www.was.digst.dk/borgerportalen-dk"
    assert links["Privatliv og cookies"] == "/privatliv-og-cookies/" and links["Om portalen"] == "/om-portalen/"


def test_the_statement_link_is_configurable(settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/app-portal"
    assert trust.accessibility_statement_url() == "https://www.was.digst.dk/app-portal"


def test_privacy_and_about_pages_say_what_is_stored(client, portal):
    privacy = client.get("/privatliv-og-cookies/").content.decode()
    assert_dkfds_page(privacy)
    for cookie in ("kommune", "sessionid", "csrftoken"):
        assert f"<code>{cookie}</code>" in privacy
    about = client.get("/om-portalen/").content.decode()
    assert "Digitaliseringsstyrelsen" in about or "drives af" in about


@pytest.mark.parametrize("path", ["/sso/borger/login/?next=/vejledninger/", "/sso/borger/testperson/"])
def test_citizen_login_pages_use_the_sites_template_and_csp(client, portal, settings, path):
    settings.SSO_DEV_CITIZEN_LOGIN = True
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert_dkfds_page(body)
    assert "<style" not in body and "Hovedmenu" in body and "Tilgængelighedserklæring" in body
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "nyheder" not in body


def test_the_login_page_says_what_the_subscription_is(client, portal):
    body = client.get("/sso/borger/login/").content.decode()
    assert "få besked i Digital Post" in body


@pytest.mark.parametrize("debug_pages", [False, True])
def test_with_debug_on_citizens_get_the_sites_own_404_unless_a_developer_asks(client, portal, settings, debug_pages):
    settings.DEBUG, settings.DEBUG_ERROR_PAGES = True, debug_pages
    for path in ("/findes-ikke/", "/vejledninger/findes-ikke/", "/emner/findes-ikke/"):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 404
        if debug_pages:
            assert "Using the URLconf defined in" in body or "Page not found" in body
        else:
            assert "Vi kan ikke finde siden" in body and "URLconf" not in body, path
            assert "Content-Security-Policy" in response


@override_settings(DEBUG=True, DEBUG_ERROR_PAGES=False)
def test_with_debug_on_an_error_shows_the_sites_500_page_and_is_logged(client, portal, monkeypatch, caplog):
    def broken(request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("frontend.views.topics.selectors.topic_tree", lambda: broken(None))
    client.raise_request_exception = False
    response = client.get("/emner/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Der opstod en fejl" in body and "Traceback" not in body and "RuntimeError" not in body
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_a_content_page_names_the_authority_that_owns_it(client, portal):
    from tests.factories import AuthorityFactory

    portal.guide.content_owner = AuthorityFactory(slug="cpr-kontoret-ejer", name="Styrelsen for Dataforsyning")
    portal.guide.save_revision().publish()
    body = client.get(portal.guide.url).content.decode()
    assert "Ansvarlig myndighed: Styrelsen for Dataforsyning" in body
