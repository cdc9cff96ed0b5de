"""The admin's view of deprecated fields in use: per partner key and field, counts over a period."""

from datetime import date, timedelta

from django.db.models import Max, Sum

from ..graphql.core.deprecations import BY_COORDINATE, DEPRECATIONS
from ..models import DeprecatedFieldUsage, DeprecationNotice


def usage_report(today: date, days: int = 30, partner_id: int | None = None) -> list[dict]:
    """One row per key and field used in the last ``days`` days, the field with the nearest sunset first."""
    rows = DeprecatedFieldUsage.objects.filter(day__gt=today - timedelta(days))
    if partner_id:
        rows = rows.filter(key__partner_id=partner_id)
    grouped = rows.values(
        "key_id", "key__prefix", "key__name", "key__partner__name", "key__partner_id", "field"
    ).annotate(requests=Sum("count"), last_seen_at=Max("last_seen_at"))
    notices = {}
    for partner_id_, field, days_before, sent_at in DeprecationNotice.objects.values_list(
        "partner_id", "field", "days_before", "sent_at"
    ):
        notices.setdefault((partner_id_, field), []).append((days_before, sent_at))
    report = []
    for row in grouped:
        deprecation = BY_COORDINATE.get(row["field"])
        report.append({
            **row,
            "sunset": deprecation and deprecation.sunset,
            "days_left": deprecation and (deprecation.sunset - today).days,
            "notices": sorted(notices.get((row["key__partner_id"], row["field"]), []), reverse=True),
        })
    return sorted(
        report, key=lambda r: (r["sunset"] or date.max, r["field"], r["key__partner__name"], r["key__prefix"])
    )


def deprecations(today: date) -> list[dict]:
    return [{"deprecation": d, "days_left": (d.sunset - today).days} for d in DEPRECATIONS]
