"""Security headers: a strict CSP on the citizen site only, plus Django's nosniff, referrer policy and HSTS."""

import pytest

from frontend.security import POLICY

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("path", ["/", "/vejledninger/flytning/", "/soeg/?q=flytning", "/kommune/", "/findes-ikke/"])
def test_frontend_pages_have_a_strict_csp(client, portal, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/admin/login/", "/graphql/"])
def test_admin_and_graphiql_keep_their_inline_scripts(client, path):
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_on_https_in_production_settings(client, portal, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/vejledninger/flytning/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_settings_turn_hsts_on():
    from pathlib import Path

    production = (Path(__file__).resolve().parents[2] / "cms" / "settings" / "production.py").read_text()
    assert 'SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", default=31536000' in production
    assert "frame-ancestors 'none'" in POLICY
