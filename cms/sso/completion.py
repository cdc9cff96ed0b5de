"""What every protocol does once an identity is proven: sign the editor or the citizen in, then go on."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import business, citizen, users
from .identity import PersonIdentity, ProfessionalIdentity


def default_next_url(audience: str) -> str:
    if audience == "editor":
        return reverse("wagtailadmin_home")
    return reverse("frontend:business") if audience == "business" else "/"


def safe_next_url(request, candidate: str | None, audience: str) -> str:
    """``candidate`` when it points into this site, else the audience's start page (no open redirect)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default_next_url(audience)


def complete_login(request, identity: ProfessionalIdentity | PersonIdentity, next_url: str,
                   audience: str = "") -> HttpResponseRedirect:
    """Sign the identity in as what the login was for: a business user (MitID Erhverv on the citizen site), an
    editor (any other professional identity) or a citizen."""
    if isinstance(identity, ProfessionalIdentity) and audience == "business":
        business.sign_in(request, identity)
    elif isinstance(identity, ProfessionalIdentity):
        users.log_in_editor(request, identity)
    else:
        citizen.sign_in(request, identity)
    return HttpResponseRedirect(next_url)
