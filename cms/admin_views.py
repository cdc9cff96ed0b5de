"""Admin: the audit trail of editor role decisions at SSO logins (Rapporter › Rolletildelinger ved login)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import EditorRoleDecision

PAGE_SIZE = 50


def role_decisions_view(request):
    if not request.user.has_perm("cms.view_editorroledecision"):
        raise PermissionDenied
    decisions = EditorRoleDecision.objects.select_related("user")
    outcome = request.GET.get("afgoerelse", "")
    if outcome in EditorRoleDecision.Outcome.values:
        decisions = decisions.filter(outcome=outcome)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "cms/role_decisions.html",
                  {"page": page, "outcome": outcome, "outcomes": EditorRoleDecision.Outcome.choices})
