"""Reads for machines that find the site's pages: the sitemap's entries and each topic's recent major updates.

Sitemap: every live public page (both languages, each with its translations as hreflang alternates), every live
standard, every topic and the portal's own pages, with ``lastmod`` where the item has a publish time.
Feed: the guides of a topic (and its subtopics) whose last publishes were marked as major updates in the
publishing event log (``details["major"]``), newest first.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from content_models.models import GuidePage, PublishingEvent, Topic
from content_models.selectors import live_standards

from . import selectors
from .languages import SITE_LANGUAGES

FEED_SIZE = 20
STATIC_ROUTES = ("frontend:topics", "frontend:standards", "frontend:about", "frontend:privacy")


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Entry:
    loc: str
    lastmod: datetime | None = None
    alternates: tuple[tuple[str, str], ...] = field(default=())  # (language, absolute URL), itself included


def _page_entries() -> list[Entry]:
    pages = list(Page.objects.live().public().filter(depth__gt=1).select_related("locale").order_by("path"))
    by_key: dict = {}
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    entries = []
    for page in pages:
        url = page.get_url()
        if not url:
            continue
        siblings = by_key[page.translation_key]
        alternates = ()
        if len(siblings) > 1:
            alternates = tuple(sorted((p.locale.language_code, absolute(p.get_url())) for p in siblings if p.get_url()))
        entries.append(Entry(absolute(url), page.last_published_at, alternates))
    return entries


def _route_entries(name: str, args=(), lastmod: datetime | None = None) -> list[Entry]:
    """One of the site's own pages in every language, each version listing the others (translated routes)."""
    urls = {}
    for language in SITE_LANGUAGES:
        with translation.override(language):
            urls[language] = absolute(reverse(name, args=args))
    alternates = tuple(sorted(urls.items()))
    return [Entry(url, lastmod, alternates) for url in urls.values()]


def sitemap_entries() -> list[Entry]:
    entries = _page_entries()
    for standard in live_standards().order_by("identifier"):
        entries += _route_entries("frontend:standard", [standard.identifier], standard.last_published_at)
    for slug in Topic.objects.order_by("slug").values_list("slug", flat=True):
        entries += _route_entries("frontend:topic", [slug])
    for name in STATIC_ROUTES:
        entries += _route_entries(name)
    return entries


@dataclass(frozen=True)
class Update:
    sequence: int
    title: str
    summary: str
    url: str
    at: datetime


def major_updates(topic: Topic, language: str, limit: int = FEED_SIZE) -> list[Update]:
    """The latest major updates of live guides in ``language`` in ``topic`` and its subtopics, newest first."""
    guides = {
        str(g.pk): g for g in GuidePage.objects.live().public().filter(
            topics__in=selectors.topic_and_descendants(topic), locale__language_code=language).distinct()
    }
    if not guides:
        return []
    events = PublishingEvent.objects.filter(
        kind="guide", action=PublishingEvent.Action.PUBLISHED, object_id__in=list(guides), details__major=True,
    ).order_by("-sequence")[:limit]
    return [
        Update(e.sequence, guides[e.object_id].title, guides[e.object_id].summary,
               absolute(guides[e.object_id].get_url()), e.at)
        for e in events
    ]
