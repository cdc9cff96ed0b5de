"""Development only: sign in as an employee of a test company, without an identity provider (`make demo`).

Off unless SSO_DEV_CITIZEN_LOGIN (the dev settings turn it on, production forces it off), like the test citizen
login. Two employees of one fictitious company: one with the right to manage its subscriptions, one without.
"""

from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import business, dev_citizen_login
from .identity import ProfessionalIdentity

SOURCE = "testvirksomhed"
COMPANY, CVR = "Testvirksomheden ApS", "10103940"  # a valid (modulus-11) CVR number of no real company
EMPLOYEES = {
    "1": ("Medarbejder, der må administrere abonnementer", "00000000-0000-4000-8000-000000000001", True),
    "2": ("Medarbejder uden rettigheder", "00000000-0000-4000-8000-000000000002", False),
}


def enabled() -> bool:
    return dev_citizen_login.enabled()


@require_http_methods(["GET", "POST"])
def login(request):
    if not enabled():
        raise Http404("Testlogin er slået fra.")
    if request.method == "GET":
        choices = [(key, label) for key, (label, _, _) in EMPLOYEES.items()]
        return render(request, "sso/dev_business_login.html", {"employees": choices, "company": COMPANY})
    chosen = EMPLOYEES.get(request.POST.get("employee", ""))
    if chosen is None:
        return HttpResponseBadRequest("Vælg en af testmedarbejderne.")
    _, subject, may_manage = chosen
    business.sign_in(request, ProfessionalIdentity(
        source=SOURCE, subject=subject, cvr=CVR, organisation_name=COMPANY, loa="Substantial",
        authorized_to_represent=may_manage,
    ))
    return HttpResponseRedirect(reverse("frontend:business"))
