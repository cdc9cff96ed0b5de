"""Admin: what people search for, and what they search for and do not find, week by week."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import render

from .analytics import week_of
from .models import QueryStat

TOP = 25


def _chosen_week(request, weeks):
    raw = request.GET.get("week", "")
    try:
        chosen = week_of(datetime.date.fromisoformat(raw))
    except ValueError:
        chosen = weeks[0] if weeks else week_of(datetime.date.today())
    return chosen


def statistics_view(request):
    if not request.user.has_perm("search.view_querystat"):
        raise PermissionDenied
    weeks = list(QueryStat.objects.values_list("week", flat=True).distinct().order_by("-week")[:52])
    week = _chosen_week(request, weeks)
    stats = QueryStat.objects.filter(week=week)
    return render(
        request,
        "search/statistics.html",
        {
            "week": week,
            "week_number": week.isocalendar()[1],
            "weeks": weeks,
            "top": stats.order_by("-searches", "query")[:TOP],
            "zero": stats.filter(zero_results__gt=0).order_by("-zero_results", "query")[:TOP],
            # Found something, but nobody followed a result: the results may not answer the question.
            "unclicked": stats.filter(clicks=0, searches__gt=F("zero_results")).order_by("-searches", "query")[:TOP],
            "totals": {"searches": sum(s.searches for s in stats), "queries": stats.count(),
                       "clicks": sum(s.clicks for s in stats)},
        },
    )
