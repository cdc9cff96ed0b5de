"""Local admin passwords: on in development and tests, off in production unless ADMIN_PASSWORD_LOGIN=true."""

import pytest
from django.contrib.auth import authenticate

from tests.cms.test_settings import STRONG_KEY, run_django
from tests.factories import national_editor

pytestmark = pytest.mark.django_db
PASSWORD = "hemmelig-kode-123"  # tests/factories.py


def test_password_login_works_where_it_is_enabled(client):
    editor = national_editor()
    page = client.get("/admin/login/").content.decode()
    assert 'name="password"' in page
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_disabled_password_login_refuses_the_post_with_a_clear_message(client, settings, sso_logs):
    settings.ADMIN_PASSWORD_LOGIN = False
    editor = national_editor()
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "adgangskode er slået fra" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "password_login_disabled" in sso_logs.reasons()
    assert authenticate(username=editor.username, password=PASSWORD) is None
    assert client.login(username=editor.username, password=PASSWORD) is False


def test_the_login_page_offers_sso_and_hides_the_password_form_when_disabled(client, settings, saml_idp):
    settings.ADMIN_PASSWORD_LOGIN = False
    settings.SSO_OIDC_PROVIDERS = {
        "kommune-ad": {
            "issuer": "https://login.kommune.example.dk", "client_id": "portal", "label": "Log ind med Kommune-AD",
        },
        "mitid-borger": {"issuer": "https://broker.example.dk", "client_id": "portal", "audience": "citizen"},
    }
    page = client.get("/admin/login/", {"next": "/admin/pages/"}).content.decode()
    assert 'name="password"' not in page
    assert "Log ind med NemLog-in" in page and "/sso/saml/login/?audience=editor&amp;next=%2Fadmin%2Fpages%2F" in page
    assert "Log ind med Kommune-AD" in page and "/sso/oidc/kommune-ad/login/" in page
    assert "mitid-borger" not in page  # citizens' providers are not for the admin


def test_a_misconfigured_provider_does_not_break_the_login_page(client, settings):
    settings.SSO_OIDC_PROVIDERS = {"broken": {"issuer": "http://not-https.example.dk", "client_id": "x"}}
    response = client.get("/admin/login/")
    assert response.status_code == 200 and "broken" not in response.content.decode()
    assert client.get("/sso/oidc/broken/login/").status_code == 503


@pytest.mark.slow
def test_production_settings_turn_password_login_off_unless_enabled():
    # Production defaults only; what a disabled login answers is the test above (it needs a migrated database).
    environ = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "portal.example.dk"}
    code = (
        "from django.conf import settings; from django.contrib.auth import authenticate; "
        "print(settings.ADMIN_PASSWORD_LOGIN, settings.WAGTAIL_PASSWORD_MANAGEMENT_ENABLED, "
        "authenticate(username='admin', password='x'))"
    )
    off = run_django("cms.settings.production", code, **environ)
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip() == "False False None"

    on = run_django("cms.settings.production", "from django.conf import settings; print(settings.ADMIN_PASSWORD_LOGIN)",
                    ADMIN_PASSWORD_LOGIN="true", **environ)
    assert on.stdout.strip() == "True", on.stderr
