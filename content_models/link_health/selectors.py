"""A link's health as readers and dashboards see it."""

from dataclasses import dataclass
from datetime import datetime

from ..models import LinkState, LinkStatus

_CACHE_ATTRIBUTE = "_link_statuses"


@dataclass(frozen=True)
class LinkHealth:
    state: str
    http_status: int | None = None
    checked_at: datetime | None = None


UNCHECKED = LinkHealth(LinkState.UNCHECKED.value)


def statuses_of(urls) -> dict[str, LinkHealth]:
    """The latest status of each URL (UNCHECKED for one never checked), in one query."""
    urls = set(urls)
    found = {
        url: LinkHealth(state, status, checked_at)
        for url, state, status, checked_at in LinkStatus.objects.filter(url__in=urls).values_list(
            "url", "state", "http_status", "checked_at"
        )
    }
    return {url: found.get(url, UNCHECKED) for url in urls}


def preload(urls, cache) -> None:
    """Load the statuses of ``urls`` into a per-request ``cache`` object (one query for a whole list)."""
    known = getattr(cache, _CACHE_ATTRIBUTE, None)
    if known is None:
        known = {}
        setattr(cache, _CACHE_ATTRIBUTE, known)
    missing = [url for url in urls if url not in known]
    if missing:
        known.update(statuses_of(missing))


def status_of(url: str, cache=None) -> LinkHealth:
    if cache is None:
        return statuses_of([url])[url]
    preload([url], cache)
    return getattr(cache, _CACHE_ATTRIBUTE)[url]
