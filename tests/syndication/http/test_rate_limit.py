"""Rate limits per API key or client IP, with 429 and Retry-After; keys are stored hashed.

Every test that counts requests runs against local memory and against Redis (REDIS_URL), the two
cache backends the product supports (`cache_backend` in conftest.py).
"""

import hashlib

import pytest
from django.test import override_settings

from syndication.limits import rate
from syndication.models import Partner, PartnerKey
from syndication.partners.keys import issue_key, revoke_key

from .conftest import GRAPHQL_RESPONSE

pytestmark = pytest.mark.django_db

REGIONS = "{ regions { code } }"


@pytest.fixture
def anonymous_limit(settings):
    settings.GRAPHQL_ANONYMOUS_RATE_PER_MINUTE = 5
    return 5


@pytest.fixture
def clock(monkeypatch):
    """Time as the rate limiter sees it, set by the test (mid-window, so a test never straddles two)."""

    class Clock:
        now = 60 * 16_667 + 20.0  # 20 s into a minute window

    monkeypatch.setattr(rate.time, "time", lambda: Clock.now)
    return Clock


def test_anonymous_requests_are_limited_per_ip_with_429_and_retry_after(
    api, cache_backend, anonymous_limit, clock
):
    for n in range(anonymous_limit):
        response = api.post(REGIONS)
        assert response.status_code == 200, (cache_backend, n)
        assert response["X-RateLimit-Limit"] == str(anonymous_limit)
        assert response["X-RateLimit-Remaining"] == str(anonymous_limit - n - 1)
    limited = api.post(REGIONS, HTTP_ACCEPT=GRAPHQL_RESPONSE, HTTP_ORIGIN="https://example.org")
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith(GRAPHQL_RESPONSE)
    assert limited["Retry-After"] == "40"  # seconds to the next window
    assert limited["Cache-Control"] == "no-store"
    assert limited["Access-Control-Allow-Origin"] == "*"  # a browser app can read why
    [error] = api.errors(limited)
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 40}
    assert "Rate limit of 5 requests a minute exceeded" in error["message"]
    assert "data" not in limited.json()
    # GET is counted in the same bucket.
    assert api.get_query(REGIONS).status_code == 429


def test_the_limit_resets_in_the_next_window(api, cache_backend, anonymous_limit, clock):
    for _ in range(anonymous_limit):
        api.post(REGIONS)
    assert api.post(REGIONS).status_code == 429
    clock.now += 40
    assert api.post(REGIONS).status_code == 200


def test_another_ip_has_its_own_bucket(api, cache_backend, anonymous_limit, clock):
    for _ in range(anonymous_limit):
        api.post(REGIONS, REMOTE_ADDR="192.0.2.10")
    assert api.post(REGIONS, REMOTE_ADDR="192.0.2.10").status_code == 429
    assert api.post(REGIONS, REMOTE_ADDR="192.0.2.11").status_code == 200


def test_x_forwarded_for_cannot_dodge_the_limit_unless_trusted(api, cache_backend, anonymous_limit, clock, settings):
    for n in range(anonymous_limit):
        api.post(REGIONS, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert api.post(REGIONS, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    # Behind the load balancer (TRUST_X_FORWARDED_FOR), the address it appended is the client's.
    settings.TRUST_X_FORWARDED_FOR = True
    assert api.post(REGIONS, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.1").status_code == 200


def test_a_partner_key_has_its_own_higher_bucket(api, cache_backend, anonymous_limit, clock, partner, partner_key):
    partner.requests_per_minute = 8
    partner.save()
    _, raw_key = partner_key
    for _ in range(anonymous_limit):
        api.post(REGIONS)
    assert api.post(REGIONS).status_code == 429  # this IP is done anonymously ...
    for n in range(8):
        response = api.post(REGIONS, HTTP_X_API_KEY=raw_key)  # ... but not with the key
        assert response.status_code == 200, n
        assert response["X-RateLimit-Limit"] == "8"
    # The key's bucket follows the key, from any address.
    limited = api.post(REGIONS, HTTP_AUTHORIZATION=f"Bearer {raw_key}", REMOTE_ADDR="203.0.113.5")
    assert limited.status_code == 429
    assert api.codes(limited) == ["RATE_LIMITED"]
    assert "Partners with an API key" in api.errors(limited)[0]["message"]


def test_two_keys_of_one_partner_are_counted_separately(api, cache_backend, clock, partner):
    partner.requests_per_minute = 2
    partner.save()
    _, first = issue_key(partner, "a")
    _, second = issue_key(partner, "b")
    for _ in range(2):
        assert api.post(REGIONS, HTTP_X_API_KEY=first).status_code == 200
    assert api.post(REGIONS, HTTP_X_API_KEY=first).status_code == 429
    assert api.post(REGIONS, HTTP_X_API_KEY=second).status_code == 200


def test_a_revoked_key_is_401_unauthenticated(api, cache_backend, partner_key):
    key, raw_key = partner_key
    assert api.post(REGIONS, HTTP_X_API_KEY=raw_key).status_code == 200
    revoke_key(key)
    for headers in ({"HTTP_X_API_KEY": raw_key}, {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}):
        response = api.post(REGIONS, **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        [error] = api.errors(response)
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert "unknown or revoked" in error["message"]
        assert "data" not in response.json()


def test_an_unknown_key_or_an_inactive_partner_is_401(api, cache_backend, partner, partner_key):
    _, raw_key = partner_key
    assert api.post(REGIONS, HTTP_X_API_KEY=raw_key + "x").status_code == 401
    assert api.get_query(REGIONS, HTTP_AUTHORIZATION="Bearer pk_made_up").status_code == 401
    Partner.objects.filter(pk=partner.pk).update(is_active=False)
    assert api.post(REGIONS, HTTP_X_API_KEY=raw_key).status_code == 401


def test_keys_are_stored_hashed(partner):
    key, raw_key = issue_key(partner, "Hjemmeside")
    assert raw_key.startswith(f"pk_{key.prefix}_")
    assert len(raw_key) > 40
    row = PartnerKey.objects.filter(pk=key.pk).values().get()
    assert row["key_hash"] == hashlib.sha256(raw_key.encode()).hexdigest()
    secret = raw_key.split("_", 2)[2]
    assert not any(secret in str(value) for value in row.values())
    assert raw_key not in str(key) and raw_key not in repr(key)


def test_rate_counters_live_in_the_configured_cache(cache_backend, clock):
    from django.core.cache import cache

    decision = rate.hit("ip:192.0.2.1", 3)
    assert (decision.allowed, decision.remaining) == (True, 2)
    window = int(clock.now // rate.WINDOW_SECONDS)
    assert cache.get(f"ratelimit:ip:192.0.2.1:{window}") == 1
    for _ in range(3):
        decision = rate.hit("ip:192.0.2.1", 3)
    assert (decision.allowed, decision.remaining, decision.retry_after) == (False, 0, 40)


def test_an_unreachable_redis_fails_open_instead_of_500(api, caplog):
    # Nothing listens on port 1: every cache call fails at once.
    unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={"default": unreachable}):
        responses = [api.post(REGIONS), api.get_query(REGIONS)]
    for response in responses:
        assert response.status_code == 200
        assert len(response.json()["data"]["regions"]) == 5
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)
