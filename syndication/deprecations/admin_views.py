"""Admin report (Rapporter › Udfasede API-felter): which partner keys still use deprecated fields."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from ..models import Partner
from . import selectors

PERIODS = (7, 30, 90)


def deprecated_usage_view(request):
    if not request.user.has_perm("syndication.view_deprecatedfieldusage"):
        raise PermissionDenied
    days = int(request.GET["dage"]) if request.GET.get("dage") in {str(p) for p in PERIODS} else 30
    partner = request.GET.get("partner", "")
    partner_id = int(partner) if partner.isdigit() else None
    today = timezone.localdate()
    return render(request, "syndication/deprecations/usage.html", {
        "rows": selectors.usage_report(today, days, partner_id),
        "deprecations": selectors.deprecations(today),
        "days": days,
        "periods": PERIODS,
        "partners": Partner.objects.order_by("name"),
        "partner_id": partner_id,
    })
