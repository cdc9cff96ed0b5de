"""What citizens do with results, as a bounded ranking signal: clicks from the results page (popularity) and
answers to "Var denne side nyttig?" (helpfulness) become one score factor per item, SearchDocument.signal_boost.

GOV.UK warns of the popularity feedback loop (what ranks first is clicked most and so ranks first), so the factor
is bounded and decays: clicks count with a half-life of HALF_LIFE_WEEKS over the last WEEKS weeks, on a log scale
relative to the most clicked item; helpfulness counts only with enough answers, pulled towards neutral; and the
whole factor lies within [1 - SEARCH_SIGNAL_BOOST_MAX / 2, 1 + SEARCH_SIGNAL_BOOST_MAX]: a text match decides,
signals only order near-equal matches. Recomputed by `manage.py search_signals` (daily from cron or the worker's
scheduler); nothing personal is read or kept (search/models.py ResultClick: counts per week and item).
"""

import datetime
import math
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .analytics import redact, week_of
from .models import QueryStat, ResultClick, SearchDocument

WEEKS = 12
HALF_LIFE_WEEKS = 4
MIN_ANSWERS = 5  # fewer answers to "Var denne side nyttig?" say nothing
PRIOR_ANSWERS = 10  # helpfulness is pulled towards neutral by this many imagined answers, half yes


def record_click(query: str, kind: str, object_id: str) -> bool:
    """Count one followed result of a search (this week's counters only). False when there is no such item."""
    if not SearchDocument.objects.filter(kind=kind, object_id=object_id).exists():
        return False
    week = week_of(timezone.localdate())
    _increment(ResultClick.objects.filter(week=week, kind=kind, object_id=object_id),
               lambda: ResultClick(week=week, kind=kind, object_id=object_id, clicks=1))
    key = redact(query)
    if key:  # the search was recorded when it was made; a click without it (an old page) counts for the item only
        QueryStat.objects.filter(week=week, query=key).update(clicks=F("clicks") + 1)
    return True


def _increment(rows, new):
    if rows.update(clicks=F("clicks") + 1):
        return
    try:
        with transaction.atomic():
            new().save()
    except IntegrityError:  # another request created the row first
        rows.update(clicks=F("clicks") + 1)


def decayed_clicks(today: datetime.date | None = None) -> dict[tuple[str, str], float]:
    """Clicks per (kind, object_id) over the last WEEKS weeks, each week weighted 0.5^(age / HALF_LIFE_WEEKS)."""
    this_week = week_of(today or timezone.localdate())
    since = this_week - datetime.timedelta(weeks=WEEKS - 1)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for week, kind, object_id, clicks in ResultClick.objects.filter(week__gte=since).values_list(
        "week", "kind", "object_id", "clicks"
    ):
        age = (this_week - week).days // 7
        totals[(kind, object_id)] += clicks * 0.5 ** (age / HALF_LIFE_WEEKS)
    return totals


def helpfulness() -> dict[tuple[str, str], float]:
    """Per item with at least MIN_ANSWERS answers: the share of "yes", shrunk towards 0.5, in [-1, 1] around it."""
    from frontend.feedback.models import PageFeedback
    from django.db.models import Count, Q

    scores = {}
    rows = PageFeedback.objects.values("kind", "object_id").annotate(
        answers=Count("id"), yes=Count("id", filter=Q(helpful=True))
    )
    for row in rows:
        if row["answers"] >= MIN_ANSWERS:
            share = (row["yes"] + PRIOR_ANSWERS / 2) / (row["answers"] + PRIOR_ANSWERS)
            scores[(row["kind"], row["object_id"])] = (share - 0.5) * 2
    return scores


def boosts(today: datetime.date | None = None, cap: float | None = None) -> dict[tuple[str, str], float]:
    """The score factor of every item with a signal: 1 + cap * (popularity + helpfulness) / 2, popularity in
    [0, 1] (log scale against the most clicked item), helpfulness in [-1, 1]; so within [1 - cap/2, 1 + cap]."""
    cap = settings.SEARCH_SIGNAL_BOOST_MAX if cap is None else cap
    clicks = decayed_clicks(today)
    helpful = helpfulness()
    most = max(clicks.values(), default=0.0)
    factors = {}
    for item in set(clicks) | set(helpful):
        popularity = math.log1p(clicks.get(item, 0.0)) / math.log1p(most) if most else 0.0
        factors[item] = round(1 + cap * (popularity + helpful.get(item, 0.0)) / 2, 4)
    return factors


def apply(today: datetime.date | None = None) -> int:
    """Write the current factors into the projection (and OpenSearch, when configured); items without a signal
    go back to 1.0. Returns how many documents changed."""
    factors = boosts(today)
    changed = []
    for document in SearchDocument.objects.iterator(chunk_size=2000):
        factor = factors.get((document.kind, document.object_id), 1.0)
        if abs(document.signal_boost - factor) > 1e-6:
            document.signal_boost = factor
            changed.append(document)
    SearchDocument.objects.bulk_update(changed, ["signal_boost"], batch_size=1000)
    if changed and settings.OPENSEARCH_URL:
        from .engines.opensearch.index import update_signal_boosts

        update_signal_boosts(changed)
    return len(changed)
