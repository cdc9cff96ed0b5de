"""/mine-abonnementer/: a signed-in citizen's Digital Post subscriptions to guides, topics and standards;
following and unfollowing from the content pages; deleting all their data.

The views check the request and call syndication.digital_post's services and selectors. Everything here is
personal: never cached (``never_cache``, and frontend.caching makes a citizen's responses private). Nobody
signed in: the login comes first, with a way back. Bad input gets a Danish 4xx page, never a 500. The CPR
number comes only from the citizen's session (encrypted) and is never in a page, a URL or a log line.
"""

import datetime
import logging
from functools import wraps

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from cms.sso.citizen import CitizenSessionInvalid, current_citizen, logout, reauthentication_url, recently_signed_in
from cms.sso.completion import safe_next_url
from cms.sso.person_register import NOT_FOUND, UNAVAILABLE
from syndication.digital_post import selectors as digital_post
from syndication.digital_post import services

from .. import follow_intent, selectors
from ..municipality import municipality_choice
from ..subscriptions import BOX_ANCHOR, CHANGES, KINDS, NOUNS, followed_groups, login_url, subscriber_for

logger = logging.getLogger(__name__)
# How often, as the citizen reads the choice (syndication.models.Frequency's values).
FREQUENCIES = [
    ("immediate", "Med det samme, én besked for hver ændring"),
    ("daily", "Én samlet besked om dagen"),
    ("weekly", "Én samlet besked om ugen"),
]
RECEIPT_KEY = "citizen_data_deleted"  # the counts for the receipt, in the (signed-out) session until shown
MAX_ID_DIGITS = 18  # ids beyond a 64-bit integer are not ids (and SQLite would refuse them)


class Refusal(Exception):
    """Bad input: answered with the Danish error page and ``status``."""

    def __init__(self, status: int, heading: str, text: str, allow: str = ""):
        super().__init__(heading)
        self.status, self.heading, self.text, self.allow = status, heading, text, allow


def _refusal_page(request, refusal: Refusal):
    response = TemplateResponse(
        request, "frontend/subscriptions/error.html", {"heading": refusal.heading, "text": refusal.text},
        status=refusal.status,
    )
    if refusal.allow:
        response["Allow"] = refusal.allow
    return response


def _overview_url() -> str:
    return reverse("frontend:subscriptions")


def _next(request) -> str:
    """The posted ``next`` when it is a page of this site, else the subscriptions page (no open redirect)."""
    candidate = request.POST.get("next", "")
    if candidate.startswith("/") and safe_next_url(request, candidate, "citizen") == candidate:
        return candidate
    return _overview_url()


def citizen_view(*methods: str):
    """Allow ``methods`` (a Danish 405 otherwise), refuse bad input with its 4xx page, and hand the view the
    signed-in citizen and their Subscriber, or send the visitor to the login and back."""

    def decorator(view):
        @never_cache
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                if request.method not in methods:
                    raise Refusal(
                        405, "Siden kan ikke bruges sådan",
                        "Adressen bruges af knapperne på portalen og kan ikke åbnes direkte.", ", ".join(methods),
                    )
                try:
                    subscriber = subscriber_for(request)
                except CitizenSessionInvalid:
                    logger.info("citizen session could not open the encrypted CPR number; signed out")
                    logout(request)
                    subscriber = None
                if subscriber is None:
                    back = _next(request) if request.method == "POST" else request.get_full_path()
                    return HttpResponseRedirect(login_url(back))
                return view(request, current_citizen(request), subscriber, *args, **kwargs)
            except Refusal as refusal:
                return _refusal_page(request, refusal)

        return wrapped

    return decorator


def _to_box(url: str) -> str:
    """Back to the follow box on the page (its confirmation is there), not to the top of the page."""
    return url if url == _overview_url() else f"{url.split('#')[0]}#{BOX_ANCHOR}"


def _posted_target(request, *, live: bool, data=None):
    """The guide, topic or standard a form (or a follow link) names by ``kind`` and ``id``."""
    data = request.POST if data is None else data
    kind, raw_id = data.get("kind", ""), data.get("id", "")
    if kind not in KINDS or not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= MAX_ID_DIGITS):
        raise Refusal(
            400, "Forkert forespørgsel",
            "Formularen angav ikke en vejledning, et emne eller en standard, man kan følge.",
        )
    target = digital_post.target(kind, int(raw_id), live=live)
    if target is None:
        raise Refusal(404, "Findes ikke", "Det, du vil følge eller afmelde, findes ikke (længere) på portalen.")
    return kind, target


@citizen_view("GET", "HEAD")
def overview(request, citizen, subscriber):
    home = selectors.municipality_for_code(citizen.municipality_code or "")
    shown = municipality_choice(request).municipality
    signed_in_at = datetime.datetime.fromtimestamp(citizen.signed_in_at, tz=datetime.UTC)
    return TemplateResponse(
        request,
        "frontend/subscriptions/overview.html",
        {"home": home, "home_unknown": not citizen.municipality_code,
         "lookup_failed": citizen.municipality_lookup in (NOT_FOUND, UNAVAILABLE),
         "shown_other": shown is not None and (home is None or shown.code != home.code), "shown": shown,
         "signed_in_at": signed_in_at, "groups": followed_groups(request, subscriber),
         "frequency": digital_post.frequency_for(subscriber), "frequencies": FREQUENCIES},
    )


@citizen_view("POST")
def frequency(request, citizen, subscriber):
    """Immediate, daily or weekly: how often the citizen hears about what they follow."""
    chosen = request.POST.get("hyppighed", "")
    if chosen not in dict(FREQUENCIES):
        raise Refusal(400, "Forkert forespørgsel", "Vælg, hvor ofte du vil have besked: med det samme, dagligt eller ugentligt.")
    services.set_frequency(subscriber, chosen)
    messages.success(request, f"Du får nu besked: {dict(FREQUENCIES)[chosen].lower()}.")
    return HttpResponseRedirect(f"{_overview_url()}#hyppighed")


def _subscribe(request, subscriber, kind, target) -> None:
    services.subscribe(subscriber, target)
    messages.success(request, f"Du følger nu {NOUNS[kind]} »{target.title}« og får besked i Digital Post, når "
                              f"{CHANGES[kind]}.")


@citizen_view("POST")
def follow(request, citizen, subscriber):
    kind, target = _posted_target(request, live=True)
    _subscribe(request, subscriber, kind, target)
    return HttpResponseRedirect(_to_box(_next(request)))


@never_cache
def follow_login(request):
    """"Log ind og få besked": keep the wish to follow across the login (frontend/follow_intent.py). Only GET: it
    changes nothing but the visitor's own session."""
    try:
        if request.method not in ("GET", "HEAD"):
            raise Refusal(405, "Siden kan ikke bruges sådan", "Adressen bruges af knappen »Log ind og få besked«.",
                          "GET, HEAD")
        kind, target = _posted_target(request, live=True, data={"kind": request.GET.get("type", ""),
                                                                "id": request.GET.get("id", "")})
    except Refusal as refusal:
        return _refusal_page(request, refusal)
    candidate = request.GET.get("next", "")
    back = candidate if candidate.startswith("/") and safe_next_url(request, candidate, "citizen") == candidate else "/"
    continuation = follow_intent.remember(request, follow_intent.Intent(kind, target.pk, back))
    return HttpResponseRedirect(login_url(continuation))


@citizen_view("GET", "HEAD")
def follow_continue(request, citizen, subscriber):
    """After the login: make the subscription the citizen logged in for, then back to the page's follow box."""
    intent = follow_intent.take(request, request.GET.get("intent", ""), citizen.signed_in_at)
    if intent is None:
        messages.info(request, "Du er logget ind. Tryk på knappen igen for at få besked i Digital Post.")
        return HttpResponseRedirect(_overview_url())
    target = digital_post.target(intent.kind, intent.pk, live=True)
    if target is None:
        raise Refusal(404, "Findes ikke", "Det, du ville følge, findes ikke (længere) på portalen.")
    _subscribe(request, subscriber, intent.kind, target)
    return HttpResponseRedirect(_to_box(intent.next_url))


@citizen_view("POST")
def unfollow(request, citizen, subscriber):
    kind, target = _posted_target(request, live=False)
    if services.unsubscribe(subscriber, target):
        messages.success(request, f"Du følger ikke længere {NOUNS[kind]} »{target.title}«.")
    else:
        messages.info(request, f"Du fulgte ikke {NOUNS[kind]} »{target.title}«.")
    return HttpResponseRedirect(_to_box(_next(request)))


@citizen_view("GET", "HEAD", "POST")
def delete_data(request, citizen, subscriber):
    """GET asks for confirmation; POST deletes everything, signs the citizen out and shows the receipt. Both need
    a fresh login (CITIZEN_REAUTH_SECONDS): a session left open on a shared computer must not erase anything."""
    if not recently_signed_in(citizen):
        return HttpResponseRedirect(reauthentication_url(reverse("frontend:delete_data")))
    if request.method == "POST":
        counts = services.delete_subscriber_data(subscriber)
        logout(request)
        request.session[RECEIPT_KEY] = counts
        logger.info("citizen deleted their data", extra={f"deleted_{name}": n for name, n in counts.items()})
        return HttpResponseRedirect(reverse("frontend:data_deleted"))
    return TemplateResponse(
        request, "frontend/subscriptions/delete_confirm.html",
        {"count": digital_post.subscriptions_for(subscriber).count()},
    )


@never_cache
def data_deleted(request):
    """The receipt, shown once; without one (a reload, a bookmark) the front page."""
    if request.method not in ("GET", "HEAD"):
        return _refusal_page(request, Refusal(405, "Siden kan ikke bruges sådan", "Siden kan kun vises.", "GET, HEAD"))
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not isinstance(receipt, dict):
        return HttpResponseRedirect("/")
    return TemplateResponse(request, "frontend/subscriptions/deleted.html", {"receipt": receipt})
