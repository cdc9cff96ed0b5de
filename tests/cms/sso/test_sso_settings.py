"""SSO settings from the environment: OIDC providers as JSON, client secrets from their own variables."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import env
from tests.cms.test_settings import run_django


def test_env_reads_json_objects(monkeypatch):
    monkeypatch.setenv("PORTAL_JSON", '{"a": {"issuer": "https://x"}}')
    assert env("PORTAL_JSON", cast=dict) == {"a": {"issuer": "https://x"}}
    for broken in ("[1, 2]", "{not json"):
        monkeypatch.setenv("PORTAL_JSON", broken)
        with pytest.raises(ImproperlyConfigured, match="PORTAL_JSON is invalid"):
            env("PORTAL_JSON", cast=dict)


@pytest.mark.slow
def test_oidc_providers_and_their_secrets_come_from_the_environment():
    show = (
        "from django.conf import settings; p = settings.SSO_OIDC_PROVIDERS['kommune-ad']; "
        "print(p['issuer'], p['client_secret'], settings.SSO_NATIONAL_CVRS)"
    )
    result = run_django(
        "cms.settings.dev", show,
        SSO_OIDC_PROVIDERS='{"kommune-ad": {"issuer": "https://login.kommune.dk", "client_id": "portal"}}',
        SSO_OIDC_KOMMUNE_AD_CLIENT_SECRET="s3cret", SSO_NATIONAL_CVRS="34051178, 12345678",
    )
    assert result.stdout.strip() == "https://login.kommune.dk s3cret ['34051178', '12345678']", result.stderr
