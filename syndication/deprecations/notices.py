"""Telling a partner's contact, before a sunset, which deprecated fields its keys still use.

Run by the worker (``run_worker``) at most once an hour. A partner whose keys used a deprecated field in the last
LOOKBACK_DAYS gets one e-mail (Danish, to the partner's contact e-mail) per stage: 60 and 14 days before the
sunset. Each notice is recorded (DeprecationNotice) in the transaction that sends it, so it goes once; a failed
send is logged and tried again at the next run.
"""

import logging
import smtplib
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from content_models.worker.throttle import AtMostEvery

from ..graphql.core.deprecations import DEPRECATIONS, Deprecation
from ..models import DeprecatedFieldUsage, DeprecationNotice, Partner

logger = logging.getLogger(__name__)

STAGES = (60, 14)  # days before the sunset
LOOKBACK_DAYS = 30
schedule = AtMostEvery(3600)


def _stage(deprecation: Deprecation, today: date) -> int | None:
    """The latest stage reached (60, then 14 days before); None before the first and from the sunset on."""
    days_left = (deprecation.sunset - today).days
    reached = [stage for stage in STAGES if 0 < days_left <= stage]
    return min(reached) if reached else None


def _due(today: date) -> dict[int, list[dict]]:
    """Per partner id: the fields it used lately that reached a stage it has not been told about."""
    due = defaultdict(list)
    for deprecation in DEPRECATIONS:
        stage = _stage(deprecation, today)
        if stage is None:
            continue
        told = set(DeprecationNotice.objects.filter(field=deprecation.coordinate, days_before=stage).values_list(
            "partner_id", flat=True))
        used = (
            DeprecatedFieldUsage.objects.filter(field=deprecation.coordinate, day__gte=today - timedelta(LOOKBACK_DAYS))
            .values("key__partner_id").annotate(requests=Sum("count"), last_seen_at=Max("last_seen_at"))
        )
        for row in used:
            if row["key__partner_id"] not in told:
                due[row["key__partner_id"]].append({
                    "deprecation": deprecation, "stage": stage, "requests": row["requests"],
                    "last_seen_at": row["last_seen_at"],
                })
    return due


def _send(partner: Partner, items: list[dict]) -> None:
    context = {
        "partner": partner, "items": items, "lookback_days": LOOKBACK_DAYS,
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    with transaction.atomic():
        for item in items:
            DeprecationNotice.objects.create(partner=partner, field=item["deprecation"].coordinate,
                                             days_before=item["stage"], recipient=partner.contact_email)
        send_mail(
            subject=render_to_string("syndication/deprecations/notice_subject.txt", context).strip(),
            message=render_to_string("syndication/deprecations/notice.txt", context),
            from_email=settings.DEPRECATION_NOTICE_FROM or None,
            recipient_list=[partner.contact_email],
        )


def send_due_notices(today: date | None = None) -> int:
    """Send what is due; returns how many partners were told."""
    today = today or timezone.localdate()
    due = _due(today)
    partners = Partner.objects.filter(pk__in=due, is_active=True).exclude(contact_email="")
    told = 0
    for partner in partners:
        try:
            _send(partner, due[partner.pk])
            told += 1
        except (smtplib.SMTPException, OSError, IntegrityError):
            # Another worker sent it meanwhile (IntegrityError), or the mail server is away: next run.
            logger.warning("deprecation notice not sent", exc_info=True, extra={"partner": partner.slug})
    return told


def send_due_notices_summary() -> str:
    """The worker's periodic task: at most once an hour."""
    if not schedule.due():
        return ""
    told = send_due_notices()
    return f"deprecations: {told} partner(s) told of a coming sunset" if told else ""
