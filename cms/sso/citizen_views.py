"""The citizen's login choices and logout (the citizen pages themselves live in the frontend app)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from . import citizen, dev_citizen_login, logout as logouts
from .completion import safe_next_url
from .login_options import citizen_login_options


@require_GET
def login_choices(request):
    next_url = safe_next_url(request, request.GET.get("next"), "citizen")
    reauthenticate = request.GET.get(citizen.REAUTH_PARAM) == "1"  # an irreversible step wants a fresh login
    context = {
        "options": citizen_login_options(next_url, force=reauthenticate),
        "citizen": citizen.current_citizen(request),
        "reauthenticate": reauthenticate,
        "dev_login": dev_citizen_login.enabled(),
        "next": next_url,
    }
    return render(request, "sso/citizen_login.html", context)


@require_POST
def logout(request):
    """Signs the citizen out here and, after a MitID login through NemLog-in, there too (single logout)."""
    return logouts.log_out(request, "citizen", safe_next_url(request, request.POST.get("next"), "citizen"))
