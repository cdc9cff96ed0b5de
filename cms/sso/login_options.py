"""The login buttons offered to editors (admin login page), citizens (/sso/borger/login/) and business users
(/virksomhed/)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from . import oidc, saml_config


@dataclass(frozen=True)
class LoginOption:
    label: str
    url: str


def _with_next(url: str, next_url: str | None, **params) -> str:
    if next_url:
        params["next"] = next_url
    return f"{url}?{urlencode(params)}" if params else url


FORCE_PARAM = "force"  # ask the identity provider for a new login, not a single sign-on (ForceAuthn, prompt=login)


def _options(audience: str, next_url: str | None, saml_label: str, force: bool = False) -> list[LoginOption]:
    options = []
    forced = {FORCE_PARAM: "1"} if force else {}
    if saml_config.is_configured():
        url = _with_next(reverse("sso:saml_login"), next_url, audience=audience, **forced)
        options.append(LoginOption(saml_label, url))
    for provider in oidc.providers(audience):
        url = reverse("sso:oidc_login", kwargs={"provider_key": provider.key})
        options.append(LoginOption(provider.label, _with_next(url, next_url, **forced)))
    return options


def editor_login_options(next_url: str | None = None) -> list[LoginOption]:
    return _options("editor", next_url, "Log ind med NemLog-in")


def citizen_login_options(next_url: str | None = None, force: bool = False) -> list[LoginOption]:
    return _options("citizen", next_url, "Log ind med MitID", force)


def business_login_options(next_url: str | None = None) -> list[LoginOption]:
    """MitID Erhverv through NemLog-in (the Professional profile, signed in as the company's employee)."""
    if not saml_config.is_configured():
        return []
    url = reverse("sso:saml_login")
    return [LoginOption("Log ind med MitID Erhverv", _with_next(url, next_url, audience="business"))]
