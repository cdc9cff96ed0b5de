"""Rate-limit identity: behind trusted proxies the client is read from the right of X-Forwarded-For, so a forged
header cannot give each request a fresh identity; the citizen site's search and autocomplete are limited too."""

import json

import pytest
from django.test import RequestFactory

from syndication.limits.rate import client_ip

pytestmark = pytest.mark.django_db

REGIONS = json.dumps({"query": "{ regions { code } }"})
PEER = "10.1.2.3"  # the load balancer, as the web server sees it


def ip(forwarded=None, peer=PEER):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=peer, **headers))


@pytest.fixture
def behind_proxies(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def test_without_trust_the_header_is_ignored(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    assert ip("198.51.100.7") == PEER


@pytest.mark.parametrize(("forwarded", "client"), [
    ("203.0.113.9", "203.0.113.9"),
    ("1.2.3.4, 203.0.113.9", "203.0.113.9"),  # whatever the client wrote comes first
    ("anything, at all, 203.0.113.9", "203.0.113.9"),
    ("203.0.113.9:51234", "203.0.113.9"),
    ("[2001:db8:aa:bb:1:2:3:4]:443", "2001:db8:aa:bb::/64"),
    ("2001:db8:aa:bb::99", "2001:db8:aa:bb::/64"),  # one subscriber's /64 is one identity
    ("::ffff:203.0.113.9", "203.0.113.9"),
    ("", PEER), ("not-an-ip", PEER), ("203.0.113.9, <script>", PEER), ("1.2.3.4, ", PEER), (",,,", PEER),
])
def test_one_trusted_proxy(behind_proxies, forwarded, client):
    assert ip(forwarded) == client


def test_two_trusted_proxies_skip_the_inner_ones_entry(behind_proxies):
    behind_proxies.TRUSTED_PROXY_COUNT = 2  # CDN, then the load balancer
    assert ip("6.6.6.6, 203.0.113.9, 192.0.2.50") == "203.0.113.9"
    assert ip("192.0.2.50") == PEER  # fewer entries than proxies: the header is not what they wrote


def test_forged_headers_share_the_real_clients_bucket(client, behind_proxies):
    behind_proxies.GRAPHQL_ANONYMOUS_RATE_PER_MINUTE = 5
    statuses = [
        client.post("/graphql/", REGIONS, content_type="application/json", REMOTE_ADDR=PEER,
                    HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9").status_code
        for n in range(8)
    ]
    assert statuses == [200] * 5 + [429] * 3
    other = client.post("/graphql/", REGIONS, content_type="application/json", REMOTE_ADDR=PEER,
                        HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200


def test_the_citizen_search_is_limited_with_a_danish_page(client, settings):
    settings.SITE_SEARCH_RATE_PER_MINUTE = 3
    statuses = [client.get("/soeg/", {"q": f"flytning {n}"}).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get("/soeg/", {"q": "pas"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "private, no-store"
    html = refused.content.decode()
    assert '<html lang="da"' in html and "For mange søgninger på kort tid" in html
    assert client.get("/soeg/", {"q": "pas"}, REMOTE_ADDR="192.0.2.77").status_code == 200


def test_autocomplete_is_limited_with_an_empty_json_answer(client, settings):
    settings.SITE_SUGGESTIONS_RATE_PER_MINUTE = 4
    statuses = [client.get("/soeg/forslag/", {"q": f"flyt{n}"}).status_code for n in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    refused = client.get("/soeg/forslag/", {"q": "flyt"})
    assert refused.status_code == 429 and refused.json()["suggestions"] == []
    assert "Retry-After" in refused
