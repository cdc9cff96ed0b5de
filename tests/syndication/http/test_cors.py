"""CORS: anyone may read public content from a browser by default; a partner key is bound to its origins."""

import pytest

from syndication.models import Partner

pytestmark = pytest.mark.django_db

REGIONS = "{ regions { code } }"
AARHUS = "https://www.aarhus.dk"


def preflight(api, origin, **headers):
    return api.generic(
        "OPTIONS", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, x-api-key", **headers,
    )


def allowed_headers(response):
    return {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}


def test_anonymous_reads_are_open_to_any_origin_by_default(api):
    for response in (api.post(REGIONS, HTTP_ORIGIN="https://example.org"),
                     api.get_query(REGIONS, HTTP_ORIGIN="https://example.org")):
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
        assert {"ETag", "Retry-After", "X-RateLimit-Remaining"} <= exposed


def test_no_origin_no_cors_headers(api):
    assert not api.post(REGIONS).has_header("Access-Control-Allow-Origin")


def test_settings_can_restrict_anonymous_origins_to_a_list(api, settings):
    settings.GRAPHQL_CORS_ALLOWED_ORIGINS = ["https://www.borger.dk", "https://www.kk.dk"]
    allowed = api.post(REGIONS, HTTP_ORIGIN="https://www.kk.dk")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.kk.dk"
    assert "Origin" in allowed["Vary"]
    refused = api.post(REGIONS, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 200  # the server answers; the browser withholds it from the page
    assert not refused.has_header("Access-Control-Allow-Origin")


def test_a_partner_key_is_limited_to_that_partner_s_origins(api, partner_key):
    _, raw_key = partner_key
    own = api.post(REGIONS, HTTP_ORIGIN=AARHUS, HTTP_X_API_KEY=raw_key)
    assert own.status_code == 200
    assert own["Access-Control-Allow-Origin"] == AARHUS
    staging = api.get_query(REGIONS, HTTP_ORIGIN="https://staging.aarhus.dk/", HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    assert staging["Access-Control-Allow-Origin"] == "https://staging.aarhus.dk"
    # Even though anonymous reads allow "*", a stolen key cannot be used from another site's pages.
    other = api.post(REGIONS, HTTP_ORIGIN="https://www.odense.dk", HTTP_X_API_KEY=raw_key)
    assert not other.has_header("Access-Control-Allow-Origin")


def test_a_partner_without_origins_gets_no_browser_access(api):
    from syndication.partners.keys import issue_key

    _, raw_key = issue_key(Partner.objects.create(name="Integrator", slug="integrator"))
    response = api.post(REGIONS, HTTP_ORIGIN=AARHUS, HTTP_X_API_KEY=raw_key)
    assert response.status_code == 200
    assert not response.has_header("Access-Control-Allow-Origin")


def test_preflight_is_204_with_methods_and_headers(api):
    response = preflight(api, "https://example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "POST"} <= {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert {"content-type", "authorization", "x-api-key", "if-none-match"} <= allowed_headers(response)
    assert int(response["Access-Control-Max-Age"]) > 0
    assert response.content == b""


def test_preflight_for_a_partner_origin_when_anonymous_origins_are_restricted(api, partner, settings):
    settings.GRAPHQL_CORS_ALLOWED_ORIGINS = ["https://www.borger.dk"]
    response = preflight(api, AARHUS)
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == AARHUS
    assert "x-api-key" in allowed_headers(response)
    refused = preflight(api, "https://evil.example")
    assert refused.status_code == 204
    assert not refused.has_header("Access-Control-Allow-Origin")
    assert not refused.has_header("Access-Control-Allow-Headers")


def test_inactive_partner_origins_are_not_allowed_in_preflight(api, partner, settings):
    settings.GRAPHQL_CORS_ALLOWED_ORIGINS = []
    Partner.objects.filter(pk=partner.pk).update(is_active=False)
    assert not preflight(api, AARHUS).has_header("Access-Control-Allow-Origin")


def test_rejections_carry_cors_headers_so_browsers_can_read_them(api):
    response = api.post("{ regions { kode } }", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    unauthenticated = api.post(REGIONS, HTTP_ORIGIN="https://example.org", HTTP_X_API_KEY="pk_nope")
    assert unauthenticated.status_code == 401
    assert unauthenticated["Access-Control-Allow-Origin"] == "*"
