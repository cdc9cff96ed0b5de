"""The home page's "Mest brugte selvbetjeninger": the editors' choice first, then the most used live national
solutions of the last WEEKS weeks.

Use is clicks on "Gå til selvbetjeningen" plus searches for the solution (search/analytics' weekly query counts
for a query whose every word is in the solution's title). Solutions nobody has used yet come last, those most
guides point to first, so a fresh installation still shows a sensible list.
"""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from content_models.models import SelfServiceLinkPage
from search.analytics import week_of
from search.models import QueryStat

from .models import FeaturedSelfService, SelfServiceClick

WEEKS = 12
SHOWN = 6
MIN_WORD = 3


def _since() -> datetime.date:
    return week_of(timezone.localdate()) - datetime.timedelta(weeks=WEEKS - 1)


def _search_counts(links) -> dict[int, int]:
    stats = QueryStat.objects.filter(week__gte=_since()).values("query").annotate(n=Sum("searches"))
    counts = {}
    titles = {link.pk: link.title.casefold() for link in links}
    for stat in stats:
        words = [w for w in stat["query"].casefold().split() if len(w) >= MIN_WORD]
        if not words:
            continue
        for pk, title in titles.items():
            if all(word in title for word in words):
                counts[pk] = counts.get(pk, 0) + stat["n"]
    return counts


def usage() -> dict[int, int]:
    """{link id: clicks + searches} over the last WEEKS weeks, for every live Danish self-service link."""
    links = list(SelfServiceLinkPage.objects.live().public().filter(locale__language_code="da").only("pk", "title"))
    clicks = dict(
        SelfServiceClick.objects.filter(week__gte=_since()).values("link").annotate(n=Sum("clicks"))
        .values_list("link", "n")
    )
    searches = _search_counts(links)
    return {link.pk: clicks.get(link.pk, 0) + searches.get(link.pk, 0) for link in links}


def most_used(limit: int = SHOWN) -> list[SelfServiceLinkPage]:
    live = SelfServiceLinkPage.objects.live().public().filter(locale__language_code="da")
    featured = [f.link_id for f in FeaturedSelfService.objects.filter(link__in=live)][:limit]
    used = usage()
    guides = dict(live.annotate(n=Count("guides", filter=Q(guides__live=True))).values_list("pk", "n"))
    titles = dict(live.values_list("pk", "title"))
    rest = sorted((pk for pk in used if pk not in featured),
                  key=lambda pk: (-used[pk], -guides.get(pk, 0), titles.get(pk, "").casefold()))
    chosen = (featured + rest)[:limit]
    by_id = {link.pk: link for link in live.filter(pk__in=chosen).select_related("authority")}
    return [by_id[pk] for pk in chosen if pk in by_id]
