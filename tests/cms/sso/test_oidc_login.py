"""OpenID Connect against a real provider (npm oidc-provider on 127.0.0.1): editors (RS256) and citizens (ES256)."""

import base64
import hashlib
import json
from urllib.parse import parse_qsl, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model

from cms.sso import oidc
from cms.sso.citizen import current_citizen
from cms.sso.cpr import cpr_hash
from content_models.models import Municipality
from tests.cms.sso_idp.oidc_provider import callback_path

from .conftest import CITIZEN_CPR, assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
User = get_user_model()
EDITOR = "8a0f5b4e-6f4b-4c39-9a51-2a1d1b0e7c11"  # tests/cms/sso/oidc_provider/config.json, CVR 55133018
UNKNOWN_CVR_EDITOR = "0c7d2a55-9d0e-4c5e-8d8e-2f7f3b9a4e22"
OIDC_NAMES = ("Karen Blixen Redaktør", "Jens Hansen Borger", "Søren Ukendt")


def start(client, provider_key, next_url=None):
    response = client.get(f"/sso/oidc/{provider_key}/login/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content
    return response["Location"]


def finish(client, callback_url, **override):
    path, params = callback_path(callback_url)
    return client.get(path, {**params, **override})


def log_in(client, server, provider_key, account, next_url=None):
    return finish(client, server.log_in(start(client, provider_key, next_url), account))


def pending(client) -> dict:
    (item,) = client.session["sso_oidc_pending"].values()
    return item


def test_the_authorization_request_uses_pkce_state_and_nonce(client, oidc_providers):
    url = start(client, "test-editor")
    params = dict(parse_qsl(urlsplit(url).query))
    stored = pending(client)
    assert url.startswith(f"{oidc_providers.issuer}/auth?")
    assert params["response_type"] == "code" and params["client_id"] == "portal-editor"
    assert params["redirect_uri"] == "http://testserver/sso/oidc/test-editor/callback/"
    assert params["code_challenge_method"] == "S256"
    challenge = base64.urlsafe_b64encode(hashlib.sha256(stored["code_verifier"].encode()).digest()).rstrip(b"=")
    assert params["code_challenge"] == challenge.decode()
    assert params["state"] == stored["state"] and params["nonce"] == stored["nonce"]
    assert len(stored["code_verifier"]) >= 43 and params["scope"] == "openid professional"


def test_editor_logs_in_with_an_rs256_id_token(client, oidc_providers, aarhus_authority, sso_logs):
    response = log_in(client, oidc_providers, "test-editor", EDITOR, next_url="/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    user = User.objects.get(username=f"test-editor-{EDITOR}")
    assert list(user.groups.all()) == [Municipality.objects.get(code="751").editor_group]
    assert client.get("/admin/").status_code == 200
    sso_logs.assert_clean(*OIDC_NAMES)


def test_citizen_logs_in_with_an_es256_id_token(client, oidc_providers, sso_logs):
    response = log_in(client, oidc_providers, "test-citizen", "borger-koebenhavn")
    assert response.status_code == 302 and response["Location"] == "/"
    citizen = current_citizen(response.wsgi_request)
    assert (citizen.municipality_code, citizen.source) == ("101", "test-citizen")
    assert citizen.cpr_hash == cpr_hash(CITIZEN_CPR)
    assert CITIZEN_CPR not in json.dumps(dict(client.session.items()))
    sso_logs.assert_clean(*OIDC_NAMES)


def test_a_callback_with_another_state_is_refused(client, oidc_providers, aarhus_authority, sso_logs):
    callback = oidc_providers.log_in(start(client, "test-editor"), EDITOR)
    assert_refused(finish(client, callback, state="forged-state"), "invalid_state", sso_logs)


def test_a_callback_without_a_login_in_this_browser_is_refused(client, oidc_providers, aarhus_authority, sso_logs):
    callback = oidc_providers.log_in(start(client, "test-editor"), EDITOR)
    client.cookies.clear()
    assert_refused(finish(client, callback), "invalid_state", sso_logs)


def test_a_state_serves_one_callback_only(client, oidc_providers, aarhus_authority, sso_logs):
    callback = oidc_providers.log_in(start(client, "test-editor"), EDITOR)
    assert finish(client, callback).status_code == 302
    client.logout()
    assert_refused(finish(client, callback), "invalid_state", sso_logs)


def test_a_wrong_nonce_is_refused(client, oidc_providers, aarhus_authority, sso_logs):
    url = start(client, "test-editor")
    session = client.session
    (state,) = session["sso_oidc_pending"]
    session["sso_oidc_pending"][state]["nonce"] = "another-nonce"
    session.save()
    assert_refused(finish(client, oidc_providers.log_in(url, EDITOR)), "invalid_nonce", sso_logs)


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(client, oidc_providers, aarhus_authority, sso_logs):
    url = start(client, "test-editor")
    session = client.session
    (state,) = session["sso_oidc_pending"]
    session["sso_oidc_pending"][state]["code_verifier"] = "x" * 64
    session.save()
    assert_refused(finish(client, oidc_providers.log_in(url, EDITOR)), "token_refused", sso_logs)


def _tamper_payload(id_token: str) -> str:
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["https://data.gov.dk/model/core/eid/professional/cvr"] = "34051178"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_tampered_id_token_is_refused(client, oidc_providers, aarhus_authority, monkeypatch, sso_logs):
    real_exchange = oidc.exchange_code
    monkeypatch.setattr(oidc, "exchange_code", lambda *args: _tamper_payload(real_exchange(*args)))
    response = log_in(client, oidc_providers, "test-editor", EDITOR)
    assert_refused(response, "invalid_id_token", sso_logs)
    assert not User.objects.filter(username__startswith="test-editor-").exists()


def test_an_id_token_signed_by_another_key_is_refused(
    client, oidc_providers, aarhus_authority, monkeypatch, sso_logs
):
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    real_exchange = oidc.exchange_code

    def forged(*args):
        genuine = real_exchange(*args)
        claims = jwt.decode(genuine, options={"verify_signature": False})
        kid = jwt.get_unverified_header(genuine)["kid"]  # the provider's key ID, an attacker's key
        return jwt.encode(claims, attacker, algorithm="RS256", headers={"kid": kid})

    monkeypatch.setattr(oidc, "exchange_code", forged)
    assert_refused(log_in(client, oidc_providers, "test-editor", EDITOR), "invalid_id_token", sso_logs)


def test_a_provider_error_is_reported(client, oidc_providers, sso_logs):
    start(client, "test-editor")
    params = {"state": pending(client)["state"], "error": "access_denied"}
    response = client.get("/sso/oidc/test-editor/callback/", params)
    assert_refused(response, "idp_error", sso_logs)


def test_a_callback_naming_another_issuer_is_refused(client, oidc_providers, aarhus_authority, sso_logs):
    callback = oidc_providers.log_in(start(client, "test-editor"), EDITOR)
    assert_refused(finish(client, callback, iss="https://evil.example.com"), "wrong_issuer", sso_logs)


def test_an_unknown_cvr_is_refused(client, oidc_providers, aarhus_authority, sso_logs):
    response = log_in(client, oidc_providers, "test-editor", UNKNOWN_CVR_EDITOR)
    assert_refused(response, "unknown_organisation", sso_logs)
    sso_logs.assert_clean(*OIDC_NAMES)


def test_low_assurance_citizens_are_refused(client, oidc_providers, sso_logs):
    assert_refused(log_in(client, oidc_providers, "test-citizen", "borger-lav-sikring"), "loa_too_low", sso_logs)


def test_an_invalid_cpr_claim_is_refused(client, oidc_providers, sso_logs):
    response = log_in(client, oidc_providers, "test-citizen", "borger-ugyldigt-cpr")
    assert_refused(response, "invalid_cpr", sso_logs)
    sso_logs.assert_clean("3213701234", *OIDC_NAMES)


def test_an_unknown_provider_is_a_404(client, oidc_providers, sso_logs):
    assert_refused(client.get("/sso/oidc/ukendt/login/"), "unknown_provider", sso_logs)


def test_an_unreachable_provider_is_a_503_not_a_500(client, settings, sso_logs):
    from tests.cms.sso_idp.oidc_provider import free_port

    settings.SSO_OIDC_PROVIDERS = {"nede": {"issuer": f"http://127.0.0.1:{free_port()}", "client_id": "x"}}
    assert_refused(client.get("/sso/oidc/nede/login/"), "provider_unreachable", sso_logs)
