"""OpenID Connect client: discovery, authorization request with PKCE (S256), state and nonce, code exchange,
and ID-token validation against the provider's JWKS.

Providers come from the setting SSO_OIDC_PROVIDERS (env JSON, see the README); each serves editors or citizens.
The ID token is the only source of claims (NemLog-in's broker puts them there), so no userinfo call is made.
"""

import base64
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from . import oiosaml, privileges
from .errors import SSOError
from .identity import PersonIdentity, ProfessionalIdentity

DEFAULT_CLAIMS = {
    "uuid": "sub",
    "cvr": oiosaml.CVR,
    "org_name": oiosaml.ORGANISATION_NAME,
    "cpr": oiosaml.CPR_NUMBER,
    "loa": oiosaml.LOA_ATTRIBUTE,
    "first_name": "given_name",
    "last_name": "family_name",
    "email": "email",
    "privileges": oiosaml.PRIVILEGES,
}
# JWS algorithm -> the JWK that may verify it; symmetric (HS*) and "none" are never accepted.
KEY_TYPES = {
    "RS256": ("RSA", None), "RS384": ("RSA", None), "RS512": ("RSA", None), "PS256": ("RSA", None),
    "ES256": ("EC", "P-256"), "ES384": ("EC", "P-384"),
}
MAX_ID_TOKEN_BYTES = 16 * 1024
MAX_ID_TOKEN_AGE = 600  # seconds between issue and use
DISCOVERY_TTL = 3600
_ERROR_CODE = re.compile(r"^[a-z_]{1,64}$")
logger = logging.getLogger("cms.sso")


@dataclass(frozen=True)
class Provider:
    key: str
    issuer: str
    client_id: str
    client_secret: str
    audience: str  # "editor" | "citizen"
    label: str
    scopes: tuple[str, ...]
    claims: dict = field(hash=False)
    min_loa: str | None
    token_auth_method: str
    algorithms: tuple[str, ...]
    acr_values: str


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _require_secure(url: str, what: str) -> None:
    """HTTPS everywhere except on this machine's loopback (local providers in development and tests)."""
    if urlsplit(url).scheme != "https" and not _is_loopback(url):
        raise ImproperlyConfigured(f"OIDC {what} must use https: {url}")


def _provider(key: str, raw: dict) -> Provider:
    if not isinstance(raw, dict) or not raw.get("issuer") or not raw.get("client_id"):
        raise ImproperlyConfigured(f"SSO_OIDC_PROVIDERS[{key!r}] needs at least issuer and client_id")
    audience = raw.get("audience", "editor")
    if audience not in ("editor", "citizen"):
        raise ImproperlyConfigured(f"SSO_OIDC_PROVIDERS[{key!r}].audience must be 'editor' or 'citizen'")
    _require_secure(raw["issuer"], "issuer")
    scopes = raw.get("scopes", ["openid"])
    scopes = tuple(scopes.split() if isinstance(scopes, str) else scopes)
    if "openid" not in scopes:
        scopes = ("openid", *scopes)
    algorithms = tuple(raw.get("algorithms", ("RS256", "ES256")))
    if unknown := set(algorithms) - set(KEY_TYPES):
        raise ImproperlyConfigured(f"SSO_OIDC_PROVIDERS[{key!r}].algorithms: unsupported {sorted(unknown)}")
    # Citizens always need NSIS Substantial; an editor provider without an LoA claim may set min_loa to null.
    min_loa = raw.get("min_loa", oiosaml.MINIMUM_LOA) if audience == "editor" else oiosaml.MINIMUM_LOA
    if min_loa is not None and min_loa not in oiosaml.LEVELS:
        raise ImproperlyConfigured(f"SSO_OIDC_PROVIDERS[{key!r}].min_loa must be one of {oiosaml.LEVELS} or null")
    return Provider(
        key=key, issuer=raw["issuer"].rstrip("/"), client_id=raw["client_id"],
        client_secret=raw.get("client_secret", ""), audience=audience,
        label=raw.get("label") or f"Log ind med {key}", scopes=scopes,
        claims={**DEFAULT_CLAIMS, **raw.get("claims", {})}, min_loa=min_loa,
        token_auth_method=raw.get("token_auth_method", "client_secret_basic"), algorithms=algorithms,
        acr_values=raw.get("acr_values", ""),
    )


def providers(audience: str | None = None) -> list[Provider]:
    """The configured providers; a misconfigured one is logged and left out, so login pages still work."""
    configured = []
    for key, raw in settings.SSO_OIDC_PROVIDERS.items():
        try:
            configured.append(_provider(key, raw))
        except ImproperlyConfigured as error:
            logger.error("OIDC provider %s is misconfigured: %s", key, error)
    return [p for p in configured if audience is None or p.audience == audience]


def provider(key: str) -> Provider:
    raw = settings.SSO_OIDC_PROVIDERS.get(key)
    if raw is None:
        raise SSOError("unknown_provider")
    try:
        return _provider(key, raw)
    except ImproperlyConfigured as error:
        logger.error("OIDC provider %s is misconfigured: %s", key, error)
        raise SSOError("not_configured", "oidc provider") from None


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.SSO_OIDC_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError):
        raise SSOError("provider_unreachable", f"GET {urlsplit(url).path}") from None
    if not isinstance(document, dict):
        raise SSOError("provider_unreachable", "not a JSON object")
    return document


def cache_key(kind: str, p: Provider) -> str:
    return f"sso:oidc:{kind}:{hashlib.sha256(p.issuer.encode()).hexdigest()}"


def discovery(p: Provider) -> dict:
    document = cache.get(cache_key("discovery", p))
    if document is None:
        document = _get_json(f"{p.issuer}/.well-known/openid-configuration")
        # The document must describe the issuer we configured (OIDC Discovery §4.3): no mix-up.
        if document.get("issuer", "").rstrip("/") != p.issuer:
            raise SSOError("wrong_issuer", "discovery issuer")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(document.get(name), str):
                raise SSOError("provider_unreachable", f"discovery without {name}")
            _require_secure(document[name], name)
        cache.set(cache_key("discovery", p), document, DISCOVERY_TTL)
    return document


def _jwks(p: Provider, refresh: bool) -> list[dict]:
    keys = None if refresh else cache.get(cache_key("jwks", p))
    if keys is None:
        keys = _get_json(discovery(p)["jwks_uri"]).get("keys", [])
        keys = [key for key in keys if isinstance(key, dict)] if isinstance(keys, list) else []
        cache.set(cache_key("jwks", p), keys, DISCOVERY_TTL)
    return keys


def _pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class PendingAuthorization:
    provider: str
    state: str
    nonce: str
    code_verifier: str
    next_url: str
    created: int
    force: bool = False  # a new login was asked for: the ID token's auth_time must be after `created`


def authorization_url(p: Provider, redirect_uri: str, next_url: str, force: bool = False
                      ) -> tuple[str, PendingAuthorization]:
    pending = PendingAuthorization(
        provider=p.key, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64), next_url=next_url, created=int(time.time()), force=force,
    )
    params = {
        "response_type": "code", "client_id": p.client_id, "redirect_uri": redirect_uri, "scope": " ".join(p.scopes),
        "state": pending.state, "nonce": pending.nonce,
        "code_challenge": _pkce_challenge(pending.code_verifier), "code_challenge_method": "S256",
    }
    if p.acr_values:
        params["acr_values"] = p.acr_values
    if force:  # OpenID Connect Core 3.1.2.1: authenticate again, and say when (auth_time)
        params |= {"prompt": "login", "max_age": "0"}
    endpoint = discovery(p)["authorization_endpoint"]
    separator = "&" if urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{urlencode(params)}", pending


def exchange_code(p: Provider, code: str, redirect_uri: str, code_verifier: str) -> str:
    """The raw ID token for ``code``; SSOError when the provider refuses or cannot be reached."""
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier}
    auth = None
    if p.token_auth_method == "client_secret_post":
        data |= {"client_id": p.client_id, "client_secret": p.client_secret}
    elif p.client_secret:
        auth = (p.client_id, p.client_secret)
    else:
        data["client_id"] = p.client_id  # a public client: PKCE is its only proof
    try:
        response = requests.post(
            discovery(p)["token_endpoint"], data=data, auth=auth, timeout=settings.SSO_OIDC_TIMEOUT,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException:
        raise SSOError("provider_unreachable", "token endpoint") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code in (400, 401):
        error = body.get("error", "") if isinstance(body, dict) else ""
        raise SSOError("token_refused", error if _ERROR_CODE.match(str(error)) else "")
    if response.status_code != 200 or not isinstance(body, dict):
        raise SSOError("provider_unreachable", f"token endpoint status {response.status_code}")
    id_token = body.get("id_token")
    if not isinstance(id_token, str):
        raise SSOError("invalid_id_token", "no id_token in the token response")
    return id_token


def _verification_key(p: Provider, kid: str | None, alg: str):
    kty, crv = KEY_TYPES[alg]
    for refresh in (False, True):
        if refresh and not cache.add(cache_key("jwks-refresh", p), 1, 60):
            break  # an unknown kid refetches the JWKS at most once a minute (key rotation, not a DoS lever)
        for jwk in _jwks(p, refresh):
            if jwk.get("kty") != kty or (crv and jwk.get("crv") != crv) or jwk.get("use", "sig") != "sig":
                continue
            if jwk.get("alg", alg) != alg or (kid is not None and jwk.get("kid") != kid):
                continue
            try:
                return jwt.PyJWK(jwk, algorithm=alg).key
            except jwt.PyJWTError:
                continue
    raise SSOError("invalid_id_token", "no matching key in the provider's JWKS")


def validate_id_token(p: Provider, id_token: str, nonce: str) -> dict:
    """The verified claims of ``id_token``: signature (provider JWKS), iss, aud/azp, exp, iat and nonce."""
    if len(id_token) > MAX_ID_TOKEN_BYTES:
        raise SSOError("invalid_id_token", "too large")
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError:
        raise SSOError("invalid_id_token", "malformed") from None
    alg = header.get("alg")
    if alg not in p.algorithms:
        raise SSOError("invalid_id_token", f"algorithm {str(alg)[:10]!r} not allowed")
    kid = header.get("kid") if isinstance(header.get("kid"), str) else None
    key = _verification_key(p, kid, alg)
    skew = settings.SSO_CLOCK_SKEW_SECONDS
    try:
        claims = jwt.decode(
            id_token, key=key, algorithms=[alg], audience=p.client_id, issuer=p.issuer, leeway=skew,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise SSOError("expired", "id token exp") from None
    except jwt.InvalidAudienceError:
        raise SSOError("wrong_audience", "id token aud") from None
    except jwt.InvalidIssuerError:
        raise SSOError("wrong_issuer", "id token iss") from None
    except jwt.PyJWTError as error:
        raise SSOError("invalid_id_token", type(error).__name__) from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != p.client_id:
        raise SSOError("wrong_audience", "azp")
    if int(claims["iat"]) < time.time() - MAX_ID_TOKEN_AGE - skew:  # PyJWT has checked that it is a number
        raise SSOError("expired", "id token iat too old")
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise SSOError("invalid_nonce")
    return claims


def require_fresh_login(claims: dict, pending: PendingAuthorization) -> None:
    """After a forced login the provider must have authenticated the person anew (auth_time), not reused a
    session: otherwise "log in again" would prove nothing."""
    if not pending.force:
        return
    auth_time = claims.get("auth_time")
    if isinstance(auth_time, bool) or not isinstance(auth_time, (int, float)) or (
        auth_time < pending.created - settings.SSO_CLOCK_SKEW_SECONDS
    ):
        raise SSOError("stale_login", "auth_time before the forced login")


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def identity_from_claims(p: Provider, claims: dict) -> ProfessionalIdentity | PersonIdentity:
    loa = oiosaml.loa_name(_claim(claims, p.claims["loa"]))
    if p.min_loa and not oiosaml.meets(loa, p.min_loa):
        raise SSOError("loa_too_low", f"loa={loa}")
    if p.audience == "citizen":
        cpr = _claim(claims, p.claims["cpr"])
        if not cpr:
            raise SSOError("missing_attributes", "missing cpr claim")
        return PersonIdentity(source=p.key, cpr=cpr, loa=loa)
    subject, cvr = _claim(claims, p.claims["uuid"]), _claim(claims, p.claims["cvr"])
    if not subject or not cvr:
        raise SSOError("missing_attributes", "missing uuid or cvr claim")
    if not (len(cvr) == 8 and cvr.isascii() and cvr.isdigit()):
        raise SSOError("missing_attributes", "malformed cvr claim")
    return ProfessionalIdentity(
        source=p.key, subject=subject.removeprefix("urn:uuid:"), cvr=cvr,
        organisation_name=_claim(claims, p.claims["org_name"]), loa=loa,
        first_name=_claim(claims, p.claims["first_name"]), last_name=_claim(claims, p.claims["last_name"]),
        email=_claim(claims, p.claims["email"]),
        privileges=privileges.privileges_for([_claim(claims, p.claims["privileges"])], cvr),
    )
