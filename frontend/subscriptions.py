"""A citizen's Digital Post subscriptions as the citizen site shows them: the follow box on guide, topic and
standard pages, and the list on /mine-abonnementer/ (frontend/views/subscriptions.py).

The box an anonymous visitor sees does not depend on their session (a link to log in first, no form, no CSRF
token), so anonymous pages stay as cacheable as before; only a signed-in citizen, whose pages are private
(frontend.caching), gets their own state and a form.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from cms.sso.citizen import CitizenSessionInvalid, current_citizen
from content_models.kinds import registry
from syndication.digital_post import selectors as digital_post
from syndication.digital_post.identity import Subscriber

from . import follow_intent
from .routing import is_preview

BOX_ANCHOR = "foelg"  # the follow box's id: follow and unfollow come back to it

KINDS = digital_post.TARGET_KINDS  # "guide", "standard", "topic"
# What a message is about: "Få besked i Digital Post, når vejledningen ændres" (in the page's language).
CHANGES = {
    "guide": _("vejledningen ændres"),
    "topic": _("en vejledning i emnet ændres"),
    "standard": _("standarden ændres"),
}


def noun(kind: str) -> str:
    """The thing followed, with its article, in the page's language: "Du følger vejledningen"."""
    return gettext(registry.get(kind).definite)


def login_url(next_url: str) -> str:
    """The citizen login's choices, coming back to ``next_url``."""
    return f"{reverse('sso:citizen_login')}?{urlencode({'next': next_url})}"


def subscriber_for(request) -> Subscriber | None:
    """The signed-in citizen as a Digital Post subscriber; None when nobody is signed in.

    Raises CitizenSessionInvalid when a citizen is signed in but their session's encrypted CPR number no
    longer opens (the keys changed): they must sign in again.
    """
    citizen = current_citizen(request) if hasattr(request, "session") else None
    return Subscriber.from_citizen(citizen) if citizen is not None else None


@dataclass(frozen=True)
class FollowBox:
    kind: str
    pk: int
    title: str
    next_url: str  # back to the page after following or unfollowing
    login_url: str = ""  # only for visitors who are not signed in
    following: bool = False

    @property
    def signed_in(self) -> bool:
        return not self.login_url

    @property
    def noun(self) -> str:
        return noun(self.kind)

    @property
    def changes(self) -> str:
        return str(CHANGES[self.kind])


def follow_box(request, kind: str, target) -> FollowBox | None:
    """What the box on a guide, topic or standard page shows; None in an editor's preview."""
    if request is None or is_preview(request) or target is None or target.pk is None:
        return None
    # Back to the page as it was, without a one-off "Tak for dit svar" of the feedback box.
    kept = [(key, value) for key, value in request.GET.items() if key != "feedback"]
    here = request.path + (f"?{urlencode(kept)}" if kept else "")
    try:
        subscriber = subscriber_for(request)
    except CitizenSessionInvalid:
        subscriber = None  # the views sign them out; here they simply log in again
    if subscriber is None:
        return FollowBox(kind, target.pk, target.title, here, login_url=follow_intent.start_url(kind, target.pk, here))
    return FollowBox(kind, target.pk, target.title, here, following=digital_post.is_subscribed(subscriber, target))


@dataclass(frozen=True)
class Followed:
    kind: str
    pk: int
    title: str
    url: str  # "" while the guide or standard is not published

    @property
    def noun(self) -> str:
        return noun(self.kind)


def _url(request, kind: str, target) -> str:
    if kind == "topic":
        return reverse("frontend:topic", args=[target.slug])
    if not target.live:
        return ""
    if kind == "standard":
        return reverse("frontend:standard", args=[target.identifier])
    return target.get_url(request) or ""


def followed_groups(request, subscriber: Subscriber) -> list[dict]:
    """The subscriber's subscriptions: guides, topics and standards, each group by title."""
    found: dict[str, list[Followed]] = {kind: [] for kind in KINDS}
    for subscription in digital_post.subscriptions_for(subscriber):
        kind = next(kind for kind in KINDS if getattr(subscription, f"{kind}_id") is not None)
        target = getattr(subscription, kind)
        found[kind].append(Followed(kind, target.pk, target.title, _url(request, kind, target)))
    return [
        {"kind": kind, "heading": gettext(registry.get(kind).plural),
         "empty": gettext("Du følger ingen %(kinds)s.") % {"kinds": gettext(registry.get(kind).plural).lower()},
         "items": sorted(found[kind], key=lambda item: item.title.casefold())}
        for kind in KINDS
    ]
