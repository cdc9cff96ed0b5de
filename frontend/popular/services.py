"""Counting a click on a self-service solution (anonymous, per week)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.analytics import week_of

from .models import SelfServiceClick


def count_click(link_id: int) -> None:
    week = week_of(timezone.localdate())
    if SelfServiceClick.objects.filter(link_id=link_id, week=week).update(clicks=F("clicks") + 1):
        return
    try:
        with transaction.atomic():
            SelfServiceClick.objects.create(link_id=link_id, week=week, clicks=1)
    except IntegrityError:  # another request created this week's row first
        SelfServiceClick.objects.filter(link_id=link_id, week=week).update(clicks=F("clicks") + 1)
