"""The business pages (/virksomhed/) as they read: the signed-in company as a Digital Post subscriber, what it
follows, what it may follow (a title search over topics, guides and standards), and the self-service links for
businesses. Writes go through syndication/digital_post/services.py (frontend/views/business.py)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext

from cms.sso.business import current_business, cvr_number
from content_models.kinds import registry
from content_models.models import GuidePage, SelfServiceLinkPage, Standard, Topic
from syndication.digital_post import selectors as digital_post
from syndication.digital_post.identity import Subscriber

from .languages import current_language
from .subscriptions import KINDS, followed_groups, noun

SEARCH_LIMIT = 10  # candidates per kind
QUERY_LIMIT = 100


def subscriber_for(request) -> Subscriber | None:
    """The signed-in company as a Digital Post subscriber (its CVR from the session, encrypted); None when no
    business user is signed in. Raises cms.sso.business.BusinessSessionInvalid when the number no longer opens."""
    user = current_business(request)
    return Subscriber.cvr(cvr_number(user)) if user is not None else None


@dataclass(frozen=True)
class Candidate:
    kind: str
    pk: int
    title: str
    url: str
    following: bool

    @property
    def noun(self) -> str:
        return noun(self.kind)


def _url(kind: str, item) -> str:
    if kind == "topic":
        return reverse("frontend:topic", args=[item.slug])
    if kind == "standard":
        return reverse("frontend:standard", args=[item.identifier])
    return item.url or ""


def candidates(subscriber: Subscriber, query: str) -> list[dict]:
    """Live topics, guides and standards whose title contains ``query``, grouped by kind, each saying whether the
    company follows it already."""
    query = " ".join(query.split())[:QUERY_LIMIT]
    if not query:
        return []
    followed = {(kind, getattr(s, f"{kind}_id")) for s in digital_post.subscriptions_for(subscriber) for kind in KINDS
                if getattr(s, f"{kind}_id") is not None}
    sources = {
        "topic": Topic.objects.filter(title__icontains=query).order_by("title"),
        "guide": GuidePage.objects.live().public().filter(
            title__icontains=query, locale__language_code=current_language()
        ).order_by("title"),
        "standard": Standard.objects.filter(live=True, title__icontains=query).order_by("title"),
    }
    groups = []
    for kind in KINDS:
        items = [Candidate(kind, item.pk, item.title, _url(kind, item), (kind, item.pk) in followed)
                 for item in sources[kind][:SEARCH_LIMIT]]
        groups.append({"kind": kind, "heading": gettext(registry.get(kind).plural), "items": items})
    return groups


def business_links(limit: int = 8) -> list[SelfServiceLinkPage]:
    return list(
        SelfServiceLinkPage.objects.live().public().filter(
            audience=SelfServiceLinkPage.Audience.BUSINESS, locale__language_code=current_language()
        ).order_by("title")[:limit]
    )


def following(request, subscriber: Subscriber) -> list[dict]:
    return followed_groups(request, subscriber)
