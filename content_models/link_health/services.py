"""One run of the link checker: find the links, check the due ones within a time budget, store what was found.

Only the calling thread touches the database; checks run in worker threads, at most LINK_CHECK_PER_HOST at a
time against one host. A link that fails is checked again sooner (to confirm or clear it) but ever less often
(backoff), and never sooner than a server's Retry-After.
"""

import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cms.cache import CACHE_UNAVAILABLE

from ..models import BAD_STATES, LinkCheck, LinkStatus
from . import collect
from .checker import CheckResult, check_url

HISTORY_KEPT = 20
FIRST_RETRY = timedelta(hours=1)
MAX_THREADS = 8
DEADLINE_GRACE = 0.5  # seconds for checks that end at the deadline to report


@dataclass
class RunReport:
    found: int = 0
    checked: int = 0
    states: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    left_for_later: int = 0

    def summary(self) -> str:
        if not self.checked and not self.left_for_later:
            return ""
        states = ", ".join(f"{count} {state}" for state, count in sorted(self.states.items()))
        later = f"; {self.left_for_later} left for the next run" if self.left_for_later else ""
        return f"link check: {self.checked} of {self.found} links checked ({states}) in {self.seconds:.1f} s{later}"


def sync_links(now=None) -> set[str]:
    """Make a status row for every link in live content and note that it is still there."""
    now = now or timezone.now()
    urls = collect.all_urls()
    existing = set(LinkStatus.objects.filter(url__in=urls).values_list("url", flat=True))
    LinkStatus.objects.bulk_create(
        [LinkStatus(url=url, last_seen_at=now) for url in sorted(urls - existing)], ignore_conflicts=True
    )
    LinkStatus.objects.filter(url__in=existing).update(last_seen_at=now)
    return urls


def due_links(urls: set[str], now, limit: int) -> list[LinkStatus]:
    queryset = LinkStatus.objects.filter(url__in=urls).filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
    queryset = queryset.order_by(F("next_check_at").asc(nulls_first=True), "pk")  # never checked first
    return list(queryset[:limit]) if limit else list(queryset)


def _check_all(links: list[LinkStatus], deadline: float) -> list[CheckResult]:
    per_host = max(1, min(settings.LINK_CHECK_PER_HOST, 2))
    semaphores = defaultdict(lambda: threading.BoundedSemaphore(per_host))
    lock = threading.Lock()

    def run(url):
        with lock:
            semaphore = semaphores[(urlsplit(url).hostname or "").lower()]
        if not semaphore.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return check_url(url, deadline=0)  # out of time before its turn
        try:
            return check_url(url, deadline)
        finally:
            semaphore.release()

    pool = ThreadPoolExecutor(max_workers=min(MAX_THREADS, max(1, len(links))), thread_name_prefix="link-check")
    futures = [pool.submit(run, link.url) for link in links]
    # Request time-outs end at the deadline, but a DNS lookup cannot be given one: a check still stuck in the
    # resolver after the deadline is left behind (its thread ends when the resolver gives up) and counted as not
    # done, so the run, and the worker pass it holds, ends on time.
    wait(futures, timeout=max(0.0, deadline - time.monotonic()) + DEADLINE_GRACE)
    pool.shutdown(wait=False, cancel_futures=True)
    return [
        future.result() if future.done() and not future.cancelled() else check_url(link.url, deadline=0)
        for link, future in zip(links, futures)
    ]


def _next_check(result: CheckResult, failures: int, now):
    interval = timedelta(hours=settings.LINK_CHECK_INTERVAL_HOURS)
    if result.state in BAD_STATES:
        wait = min(interval, FIRST_RETRY * (2 ** max(0, failures - 1)))
    else:
        wait = interval
    if result.retry_after:
        wait = max(wait, timedelta(seconds=result.retry_after))
    return now + wait


@transaction.atomic
def _store(link: LinkStatus, result: CheckResult, now) -> None:
    link.failures = link.failures + 1 if result.state in BAD_STATES else 0
    link.state, link.http_status, link.error = result.state, result.http_status, result.error
    link.final_url, link.checked_at = result.final_url[:500], now
    link.next_check_at = _next_check(result, link.failures, now)
    link.save()
    LinkCheck.objects.create(
        link=link, checked_at=now, state=result.state, http_status=result.http_status, error=result.error,
        duration_ms=result.duration_ms,
    )
    stale = list(link.history.order_by("-checked_at", "-pk").values_list("pk", flat=True)[HISTORY_KEPT:])
    if stale:
        LinkCheck.objects.filter(pk__in=stale).delete()


def run_checks(budget_seconds: float | None = None, limit: int = 0) -> RunReport:
    """Check the links that are due, stopping new checks when the budget is spent."""
    started = time.monotonic()
    budget = settings.LINK_CHECK_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = started + budget
    now = timezone.now()
    urls = sync_links(now)
    report = RunReport(found=len(urls))
    links = due_links(urls, now, limit)
    for link, result in zip(links, _check_all(links, deadline)):
        if not result.completed:
            report.left_for_later += 1
            continue
        _store(link, result, timezone.now())
        report.checked += 1
        report.states[result.state] += 1
    report.seconds = time.monotonic() - started
    return report


def periodic_link_check() -> str:
    """The worker's periodic task: a run at most every LINK_CHECK_RUN_MINUTES (shared through the cache)."""
    if not settings.LINK_CHECK_SCHEDULED:
        return ""
    try:
        due = cache.add("link-health:run", 1, timeout=settings.LINK_CHECK_RUN_MINUTES * 60)
    except CACHE_UNAVAILABLE:
        due = True  # without the cache a run is still safe: checks are per link and back off
    if not due:
        return ""
    return run_checks().summary()
