"""Refused logins: a stable reason code for the logs and a Danish sentence for the person who tried.

Views turn an SSOError into the error page (``refusal_response``); nothing else about the refusal, and never
the identity it carried, reaches the log.
"""

import logging

from django.shortcuts import render

logger = logging.getLogger("cms.sso")

# reason -> (HTTP status, message shown to the user)
REASONS: dict[str, tuple[int, str]] = {
    "not_configured": (503, "Login med denne metode er ikke sat op på portalen endnu."),
    "request_too_large": (413, "Svaret fra login-tjenesten er for stort til at blive behandlet."),
    "malformed_response": (400, "Svaret fra login-tjenesten kunne ikke læses."),
    "no_pending_login": (
        400,
        "Vi kan ikke finde den login-forespørgsel, svaret hører til. Det sker, hvis login tog for lang tid "
        "eller blev startet i en anden browser. Start login forfra.",
    ),
    "invalid_signature": (400, "Svaret fra login-tjenesten er ikke signeret korrekt og kan ikke godkendes."),
    "wrong_issuer": (400, "Svaret kommer ikke fra den login-tjeneste, vi sendte dig til."),
    "wrong_audience": (400, "Svaret fra login-tjenesten er udstedt til en anden tjeneste end portalen."),
    "wrong_recipient": (400, "Svaret fra login-tjenesten er sendt til en forkert adresse."),
    "expired": (400, "Svaret fra login-tjenesten er udløbet. Start login forfra."),
    "invalid_response": (400, "Svaret fra login-tjenesten er ugyldigt og kan ikke godkendes."),
    "replayed": (400, "Svaret fra login-tjenesten er allerede brugt én gang. Start login forfra."),
    "idp_error": (400, "Login blev afbrudt eller afvist hos login-tjenesten."),
    "loa_too_low": (
        403,
        "Dit login har et for lavt sikringsniveau. Portalen kræver NSIS-sikringsniveau betydelig eller høj, "
        "fx MitID med app eller kodeviser.",
    ),
    "missing_attributes": (400, "Svaret fra login-tjenesten mangler oplysninger, som portalen skal bruge."),
    "unknown_organisation": (
        403,
        "Din organisations CVR-nummer er ikke knyttet til en kommune eller myndighed med redaktøradgang til "
        "portalen. Kontakt portalens administrator, hvis du skal have adgang.",
    ),
    "ambiguous_organisation": (
        403,
        "Din organisations CVR-nummer er knyttet til flere kommuner. Kontakt portalens administrator.",
    ),
    "account_disabled": (403, "Din brugerkonto på portalen er deaktiveret. Kontakt portalens administrator."),
    "invalid_cpr": (400, "CPR-nummeret fra login-tjenesten er ugyldigt, så du kan ikke logges ind."),
    "person_register_unavailable": (503, "Vi kan ikke slå din bopælskommune op lige nu. Prøv igen senere."),
    "unknown_provider": (404, "Den valgte login-tjeneste findes ikke."),
    "invalid_state": (
        400,
        "Login-svaret passer ikke til en login-forespørgsel fra denne browser. Start login forfra.",
    ),
    "provider_unreachable": (503, "Login-tjenesten kan ikke nås lige nu. Prøv igen om lidt."),
    "token_refused": (400, "Login-tjenesten godkendte ikke login-koden. Start login forfra."),
    "invalid_id_token": (400, "Login-svaret (ID-token) kunne ikke verificeres og er afvist."),
    "invalid_nonce": (400, "Login-svaret hører ikke til din login-forespørgsel og er afvist."),
    "stale_login": (
        400, "Login-tjenesten bad dig ikke om at logge ind igen, som portalen havde bedt om. Start login forfra.",
    ),
    "password_login_disabled": (
        403,
        "Log ind med brugernavn og adgangskode er slået fra. Brug NemLog-in eller din organisations login.",
    ),
}


class SSOError(Exception):
    """A refused login. ``reason`` is a key of REASONS; ``detail`` is a log-safe hint (never personal data)."""

    def __init__(self, reason: str, detail: str = ""):
        if reason not in REASONS:
            raise ValueError(f"unknown SSO refusal reason {reason!r}")
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    @property
    def status(self) -> int:
        return REASONS[self.reason][0]

    @property
    def message(self) -> str:
        return REASONS[self.reason][1]


def refusal_response(request, error: SSOError, *, protocol: str, source: str = ""):
    """Log the refusal without personal data and render the Danish error page with its 4xx/503 status."""
    logger.warning(
        "sso login refused: %s",
        error.reason,
        extra={"sso_reason": error.reason, "sso_protocol": protocol, "sso_source": source, "sso_detail": error.detail},
    )
    return render(request, "sso/error.html", {"message": error.message, "reason": error.reason}, status=error.status)
