"""Anonymous search statistics: per ISO week, how often each query was searched and found nothing.

Nothing personal is kept: no user, address, session or time of day, and queries that
carry a CPR-like number, an e-mail address or a long number are stored redacted.
"""

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .analysis import typed_query_key
from .models import QueryStat

_CPR = re.compile(r"\b\d{6}[\s-]?\d{4}\b")
_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d{7,}")
MAX_LOGGED = 100


def redact(query: str) -> str:
    query = _CPR.sub(" ", query)
    query = _EMAIL.sub(" ", query)
    query = _LONG_NUMBER.sub(" ", query)
    # As typed (lower case), not folded: editors read "kørekort", not "koerekort".
    return typed_query_key(query)[:MAX_LOGGED]


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def record(query: str, *, found: bool) -> None:
    key = redact(query)
    if not key:
        return
    week = week_of(timezone.localdate())
    zero = 0 if found else 1
    updated = QueryStat.objects.filter(week=week, query=key).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero
    )
    if updated:
        return
    try:
        with transaction.atomic():
            QueryStat.objects.create(week=week, query=key, searches=1, zero_results=zero)
    except IntegrityError:  # another request created the row first
        QueryStat.objects.filter(week=week, query=key).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + zero
        )
