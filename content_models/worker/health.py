"""How far behind the worker is, for /readyz and /metrics: unread events and the age of the oldest, per consumer."""

from django.conf import settings
from django.utils import timezone

from ..models import ConsumerCursor, PublishingEvent
from .registry import registered_consumers


def lag() -> dict[str, tuple[int, float]]:
    """{consumer: (events not read yet, seconds since the oldest of them was logged)} for every consumer."""
    positions = dict(ConsumerCursor.objects.values_list("name", "position"))
    now = timezone.now()
    found = {}
    for consumer in registered_consumers():
        unread = PublishingEvent.objects.filter(sequence__gt=positions.get(consumer.name, 0))
        oldest = unread.order_by("sequence").values_list("at", flat=True).first()
        found[consumer.name] = (unread.count() if oldest else 0, (now - oldest).total_seconds() if oldest else 0.0)
    return found


def readiness() -> tuple[bool, str]:
    """Not ok (reported as degraded; the web instance still serves) when a consumer lags beyond the thresholds."""
    behind = [
        f"{name}: {events} events, oldest {seconds:.0f} s"
        for name, (events, seconds) in sorted(lag().items())
        if events > settings.READYZ_WORKER_LAG_EVENTS or seconds > settings.READYZ_WORKER_LAG_SECONDS
    ]
    if behind:
        return False, "worker lagging (is run_worker running?): " + "; ".join(behind)
    return True, "worker up to date"


def lag_gauge() -> list[tuple[tuple[str], float]]:
    return [((name,), float(events)) for name, (events, _) in sorted(lag().items())]


def lag_seconds_gauge() -> list[tuple[tuple[str], float]]:
    return [((name,), seconds) for name, (_, seconds) in sorted(lag().items())]
