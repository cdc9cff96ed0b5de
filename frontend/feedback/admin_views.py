"""Admin (Rapporter › Tilbagemeldinger): satisfaction and comments per page and per responsible authority, and the
export in the SDG feedback format."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import sdg, selectors

PERIODS = {30: "30 dage", 90: "90 dage", 365: "1 år"}
DEFAULT_DAYS = 90
PERMISSION = "feedback.view_pagefeedback"


def _days(request) -> int:
    raw = request.GET.get("dage", "")
    return int(raw) if raw.isdigit() and int(raw) in PERIODS else DEFAULT_DAYS


def report_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    days = _days(request)
    pages = selectors.page_report(days)
    return render(request, "feedback/report.html", {
        "pages": pages, "owners": selectors.owner_report(pages), "days": days, "periods": PERIODS,
        "total": sum(page.total for page in pages),
    })


def export_view(request, fmt: str):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    days = _days(request)
    answers = selectors.export_rows(days)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(sdg.to_csv(answers), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(sdg.to_json(answers), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="tilbagemeldinger-sdg-{stamp}.{fmt}"'
    return response
