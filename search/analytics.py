"""Anonymous search statistics: per ISO week, how often each query was searched and found nothing.

Nothing personal is kept: no user, address, session or time of day, and queries that carry a CPR-like number
in any notation or an e-mail address (cms/personal_data.py), or a long number, are stored without them.
"""

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cms.personal_data import CPR_LIKE, EMAIL, ascii_digits

from .analysis import normalise_query_key
from .models import QueryStat

_LONG_NUMBER = re.compile(r"[0-9]{7,}")
_DIGIT = re.compile(r"[0-9]")
MAX_LOGGED = 100
MAX_DIGITS = 9  # a CPR number has ten: a stored query never holds that many, whatever separates them


def redact(query: str) -> str:
    query = ascii_digits(query)
    for pattern in (CPR_LIKE, EMAIL, _LONG_NUMBER):
        query = pattern.sub(" ", query)
    key = normalise_query_key(query)
    if len(_DIGIT.findall(key)) > MAX_DIGITS:
        key = normalise_query_key(_DIGIT.sub(" ", key))
    return key[:MAX_LOGGED]


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
