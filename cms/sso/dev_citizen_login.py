"""Development only: sign in as a test citizen of the development person register, without an identity provider.

`make demo` has no MitID; this lets a developer or a partner try the citizen pages (subscriptions, local content
from the login). Off unless SSO_DEV_CITIZEN_LOGIN (the dev settings turn it on, production forces it off) and
only with DevelopmentPersonRegister. The page names the test persons by where they live; their fictitious CPR
numbers stay on the server.
"""

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods

from content_models.models import Municipality

from . import citizen
from .completion import safe_next_url
from .identity import PersonIdentity
from .person_register import DevelopmentPersonRegister

SOURCE = "testperson"
LOA = "Substantial"


def enabled() -> bool:
    register = import_string(settings.PERSON_REGISTER_ADAPTER)
    return bool(settings.SSO_DEV_CITIZEN_LOGIN) and issubclass(register, DevelopmentPersonRegister)


def listed_persons() -> list[tuple[str, str, str]]:
    """(choice, label, CPR number) for each test person; the choice is what the form posts."""
    names = dict(Municipality.objects.values_list("code", "name"))
    persons = [
        (str(n), f"Testborger i {names.get(code, code)}" if code else "Testborger, bor i udlandet", cpr)
        for n, (cpr, code) in enumerate(DevelopmentPersonRegister.TEST_PERSONS.items(), start=1)
    ]
    unavailable = DevelopmentPersonRegister.UNAVAILABLE_PERSON
    return persons + [(str(len(persons) + 1), "Testborger, hvor opslaget i CPR-registret fejler", unavailable)]


@require_http_methods(["GET", "POST"])
def login(request):
    if not enabled():
        raise Http404("Testlogin er slået fra.")
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"), "citizen")
    persons = listed_persons()
    if request.method == "GET":
        choices = [(choice, label) for choice, label, _ in persons]
        return render(request, "sso/dev_citizen_login.html", {"persons": choices, "next": next_url})
    chosen = {choice: cpr for choice, _, cpr in persons}.get(request.POST.get("person", ""))
    if chosen is None:
        return HttpResponseBadRequest("Vælg en af testpersonerne.")
    citizen.sign_in(request, PersonIdentity(source=SOURCE, cpr=chosen, loa=LOA))
    return HttpResponseRedirect(next_url)
