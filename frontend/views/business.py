"""/virksomhed/: the business pages. A company's employee logs in with MitID Erhverv (NemLog-in), sees what the
company follows in Digital Post (the messages go to the company's CVR) and, with the right to do so, follows
and unfollows guides, topics and standards for it.

Personal, so never cached. Bad input gets the Danish error page with a 4xx status. The CVR number comes only
from the session (encrypted) and is never in a page, a URL or a log line; the employee is not named anywhere.
"""

import datetime
import logging
from functools import wraps

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.sso import business as business_login
from cms.sso.login_options import business_login_options
from syndication.digital_post import services

from .. import business
from ..subscriptions import CHANGES, noun
from .subscriptions import Refusal, _posted_target, _refusal_page

logger = logging.getLogger(__name__)
SEARCH_PARAM = "titel"  # not "q": that one fills the site's own search field in the header
NO_RIGHT = (
    "Du kan se virksomhedens abonnementer, men ikke ændre dem: det kræver rettigheden til at administrere "
    "virksomhedens abonnementer på Borgerportalen. Bed virksomhedens administrator i MitID Erhverv om at "
    "tildele dig den, eller bed en, der tegner virksomheden."
)


def _overview_url() -> str:
    return reverse("frontend:business")


def _next(request) -> str:
    candidate = request.POST.get("next", "")
    return candidate if candidate.startswith(_overview_url()) and "//" not in candidate else _overview_url()


def business_view(*methods: str, manage: bool = False):
    """Allow ``methods``; hand the view the signed-in business user and the company as a subscriber, or send the
    visitor to the business login. ``manage``: the employee must have the right to change subscriptions."""

    def decorator(view):
        @never_cache
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                if request.method not in methods:
                    raise Refusal(405, "Siden kan ikke bruges sådan",
                                  "Adressen bruges af knapperne på portalen og kan ikke åbnes direkte.",
                                  ", ".join(methods))
                try:
                    subscriber = business.subscriber_for(request)
                except business_login.BusinessSessionInvalid:
                    logger.info("business session could not open the encrypted CVR number; signed out")
                    business_login.logout(request)
                    subscriber = None
                if subscriber is None:
                    return HttpResponseRedirect(_overview_url())
                user = business_login.current_business(request)
                if manage and not user.may_manage:
                    raise Refusal(403, "Du kan ikke ændre virksomhedens abonnementer", NO_RIGHT)
                return view(request, user, subscriber, *args, **kwargs)
            except Refusal as refusal:
                return _refusal_page(request, refusal)

        return wrapped

    return decorator


@never_cache
def overview(request):
    """Signed in: the company's subscriptions, a search for more to follow, self-service for businesses.
    Otherwise: what the pages are for, and the MitID Erhverv login."""
    if request.method not in ("GET", "HEAD"):
        return _refusal_page(request, Refusal(405, "Siden kan ikke bruges sådan", "Brug knapperne på siden.",
                                              "GET, HEAD"))
    try:
        subscriber = business.subscriber_for(request)
    except business_login.BusinessSessionInvalid:
        business_login.logout(request)
        subscriber = None
    links = business.business_links()
    if subscriber is None:
        return TemplateResponse(request, "frontend/business/login.html",
                                {"options": business_login_options(_overview_url()), "links": links,
                                 "dev_login": business_login_dev_enabled()})
    user = business_login.current_business(request)
    query = request.GET.get(SEARCH_PARAM, "")
    return TemplateResponse(request, "frontend/business/overview.html", {
        "user": user, "signed_in_at": datetime.datetime.fromtimestamp(user.signed_in_at, tz=datetime.UTC),
        "groups": business.following(request, subscriber), "title_query": " ".join(query.split())[:100],
        "candidates": business.candidates(subscriber, query), "links": links, "no_right": NO_RIGHT,
    })


def business_login_dev_enabled() -> bool:
    from cms.sso import dev_business_login

    return dev_business_login.enabled()


@business_view("POST", manage=True)
def follow(request, user, subscriber):
    kind, target = _posted_target(request, live=True)
    services.subscribe(subscriber, target)
    messages.success(request, _("Virksomheden følger nu %(noun)s »%(title)s« og får besked i Digital Post, når "
                                "%(changes)s.") % {"noun": noun(kind), "title": target.title, "changes": CHANGES[kind]})
    return HttpResponseRedirect(_next(request))


@business_view("POST", manage=True)
def unfollow(request, user, subscriber):
    kind, target = _posted_target(request, live=False)
    if services.unsubscribe(subscriber, target):
        messages.success(request, _("Virksomheden følger ikke længere %(noun)s »%(title)s«.")
                         % {"noun": noun(kind), "title": target.title})
    else:
        messages.info(request, _("Virksomheden fulgte ikke %(noun)s »%(title)s«.")
                      % {"noun": noun(kind), "title": target.title})
    return HttpResponseRedirect(_next(request))
