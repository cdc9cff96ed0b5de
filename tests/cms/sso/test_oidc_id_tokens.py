"""ID-token validation on its own: keys made here, the provider's discovery and JWKS placed in the cache."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from cms.sso import oidc
from cms.sso.errors import SSOError

ISSUER = "https://login.example.dk"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def public_jwk(key, kid):
    algorithm = jwt.algorithms.get_default_algorithms()["RS256" if kid == "r1" else "ES256"]
    data = json.loads(algorithm.to_jwk(key.public_key()))
    return {**data, "kid": kid, "use": "sig"}


@pytest.fixture
def provider(settings):
    settings.SSO_OIDC_PROVIDERS = {"p": {"issuer": ISSUER, "client_id": "portal", "audience": "editor"}}
    p = oidc.provider("p")
    cache.set(oidc.cache_key("discovery", p), {
        "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/auth", "token_endpoint": f"{ISSUER}/token",
        "jwks_uri": f"{ISSUER}/jwks",
    })
    cache.set(oidc.cache_key("jwks", p), [public_jwk(RSA_KEY, "r1"), public_jwk(EC_KEY, "e1")])
    cache.set(oidc.cache_key("jwks-refresh", p), 1)  # no network: an unknown kid cannot trigger a refetch here
    return p


def token(key=RSA_KEY, alg="RS256", kid="r1", **claims):
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "portal", "sub": "abc", "iat": now, "exp": now + 300, "nonce": "n-1"} | claims
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm=alg, headers={"kid": kid})


def reason(p, id_token, nonce="n-1"):
    with pytest.raises(SSOError) as refused:
        oidc.validate_id_token(p, id_token, nonce)
    return refused.value.reason


def test_valid_rs256_and_es256_tokens_are_accepted(provider):
    assert oidc.validate_id_token(provider, token(), "n-1")["sub"] == "abc"
    assert oidc.validate_id_token(provider, token(EC_KEY, "ES256", "e1"), "n-1")["sub"] == "abc"


def test_unsigned_and_symmetric_tokens_are_refused(provider):
    unsigned = jwt.encode({"iss": ISSUER, "aud": "portal", "sub": "abc"}, None, algorithm="none")
    assert reason(provider, unsigned) == "invalid_id_token"
    # The classic confusion: HS256 "signed" with the provider's public RSA key as the shared secret.
    public_pem = RSA_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64url(json.dumps({"alg": "HS256", "kid": "r1", "typ": "JWT"}).encode())
    payload = token().split(".")[1]
    mac = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert reason(provider, f"{header}.{payload}.{b64url(mac)}") == "invalid_id_token"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_token_with_a_key_outside_the_jwks_is_refused(provider):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert reason(provider, token(stranger)) == "invalid_id_token"
    assert reason(provider, token(kid="unknown")) == "invalid_id_token"
    assert reason(provider, token(kid="e1")) == "invalid_id_token"  # an RSA signature claiming the EC key


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"iat": int(time.time()) - 7200, "exp": int(time.time()) + 60}, "expired"),
        ({"iat": int(time.time()) + 3600}, "invalid_id_token"),
        ({"aud": "another-client"}, "wrong_audience"),
        ({"aud": ["portal", "another-client"]}, "wrong_audience"),
        ({"iss": "https://evil.example.com"}, "wrong_issuer"),
        ({"nonce": "another"}, "invalid_nonce"),
        ({"nonce": None}, "invalid_nonce"),
        ({"sub": None}, "invalid_id_token"),
        ({"exp": None}, "invalid_id_token"),
    ],
)
def test_wrong_claims_are_refused(provider, claims, expected):
    assert reason(provider, token(**claims)) == expected


def test_several_audiences_need_azp(provider):
    assert oidc.validate_id_token(provider, token(aud=["portal", "api"], azp="portal"), "n-1")["sub"] == "abc"


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "e30.e30.", "x" * 20000, "eyJhbGciOiJSUzI1NiJ9..."])
def test_malformed_tokens_are_refused(provider, garbage):
    assert reason(provider, garbage) == "invalid_id_token"


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=400), st.builds(lambda a, b: f"{a}.{b}.", st.text(), st.text())))
def test_any_string_is_refused_with_an_sso_error_and_nothing_else(provider, text):
    with pytest.raises(SSOError):
        oidc.validate_id_token(provider, text, "n-1")


def test_provider_configuration_is_checked(settings):
    from django.core.exceptions import ImproperlyConfigured

    for broken in (
        {"issuer": "http://login.example.dk", "client_id": "x"},  # not https
        {"issuer": ISSUER},
        {"issuer": ISSUER, "client_id": "x", "audience": "partner"},
        {"issuer": ISSUER, "client_id": "x", "algorithms": ["HS256"]},
    ):
        with pytest.raises(ImproperlyConfigured):
            oidc._provider("p", broken)
    loopback = oidc._provider("p", {"issuer": "http://127.0.0.1:9000/", "client_id": "x", "scopes": "profile"})
    assert loopback.issuer == "http://127.0.0.1:9000" and loopback.scopes == ("openid", "profile")
    citizen = oidc._provider("p", {"issuer": ISSUER, "client_id": "x", "audience": "citizen", "min_loa": None})
    assert citizen.min_loa == "Substantial"  # citizens always need NSIS Substantial
