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
    "weak_algorithm": (
        400,
        "Svaret fra login-tjenesten er signeret med en forældet algoritme (fx SHA-1) og kan ikke godkendes. "
        "Portalen accepterer kun SHA-256 eller stærkere.",
    ),
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
    "no_editor_privilege": (
        403,
        "Du har ikke rettigheden til at redigere på portalen. Bed din organisations administrator om at tildele dig "
        "rettigheden i NemLog-in's brugeradministration.",
    ),
    "account_disabled": (403, "Din brugerkonto på portalen er deaktiveret. Kontakt portalens administrator."),
    "invalid_cpr": (400, "CPR-nummeret fra login-tjenesten er ugyldigt, så du kan ikke logges ind."),
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


# Logout messages that are refused: the same reasons, worded for a log-out message rather than a login answer.
LOGOUT_MESSAGES: dict[str, str] = {
    "malformed_response": "Log ud-beskeden fra login-tjenesten kunne ikke læses.",
    "request_too_large": "Log ud-beskeden fra login-tjenesten er for stor til at blive behandlet.",
    "invalid_signature": "Log ud-beskeden er ikke signeret korrekt af login-tjenesten og er afvist.",
    "weak_algorithm": "Log ud-beskeden er signeret med en forældet algoritme (fx SHA-1) og er afvist. Portalen "
                      "accepterer kun SHA-256 eller stærkere.",
    "wrong_issuer": "Log ud-beskeden kommer ikke fra den login-tjeneste, portalen bruger.",
    "wrong_recipient": "Log ud-beskeden er sendt til en anden tjeneste eller adresse end portalen.",
    "wrong_audience": "Log ud-beskeden gælder en anden tjeneste end portalen.",
    "expired": "Log ud-beskeden er for gammel og er afvist.",
    "replayed": "Log ud-beskeden er allerede brugt én gang og er afvist.",
    "missing_attributes": "Log ud-beskeden siger ikke, hvem der skal logges ud.",
    "no_pending_login": "Vi kan ikke finde den log ud-forespørgsel, svaret hører til.",
    "not_configured": "Log ud via NemLog-in er ikke sat op på portalen.",
}
LOGOUT_NOTE = (
    "Du er logget ud af portalen. Luk browseren, hvis du vil være sikker på også at være logget ud af NemLog-in."
)


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


def refusal_response(request, error: SSOError, *, protocol: str, source: str = "", logout: bool = False):
    """Log the refusal without personal data and render the Danish error page with its 4xx/503 status."""
    logger.warning(
        "sso %s refused: %s", "logout" if logout else "login", error.reason,
        extra={"sso_reason": error.reason, "sso_protocol": protocol, "sso_source": source, "sso_detail": error.detail,
               "sso_logout": logout},
    )
    context = {"message": error.message, "reason": error.reason}
    if logout:
        context.update(message=LOGOUT_MESSAGES.get(error.reason, error.message), note=LOGOUT_NOTE,
                       heading="Log ud-beskeden blev afvist", title="Log ud afvist")
    return render(request, "sso/error.html", context, status=error.status)
