"""POST /tilbagemelding/: one answer to "Var denne side nyttig?", from a plain form (no JavaScript needed).

The form is on anonymous, cacheable pages, so it carries no CSRF token (a token would set a cookie on every page
and make it private). A forged cross-site post is refused by its Origin (or, without one, Referer) header
instead: browsers send it on every cross-origin POST and a page cannot forge it. Answers are rate-limited per
client address (FEEDBACK_RATE_PER_MINUTE); the address itself is never stored.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from syndication.limits.rate import client_ip, hit

from . import services
from .targets import live_target

logger = logging.getLogger(__name__)
ANCHOR = "var-siden-nyttig"
THANKS_PARAM = "feedback"


def _refusal(request, status: int, heading: str, text: str):
    response = TemplateResponse(request, "feedback/refused.html", {"heading": heading, "text": text}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def same_origin(request) -> bool:
    """The post comes from a page of this site: Origin, else Referer, is this host or a trusted origin."""
    sent = request.headers.get("Origin") or _origin(request.headers.get("Referer", ""))
    if not sent or sent == "null":
        return False
    return sent == f"{request.scheme}://{request.get_host()}" or sent in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt  # see the module docstring: the Origin check below is this form's CSRF protection
@never_cache
def submit(request):
    if request.method != "POST":
        response = _refusal(
            request, 405, _("Siden kan ikke bruges sådan"),
            _("Adressen modtager svar fra formularen »Var denne side nyttig?« og kan ikke åbnes direkte."),
        )
        response["Allow"] = "POST"
        return response
    if not same_origin(request):
        logger.info("feedback refused: not posted from this site")
        return _refusal(request, 403, _("Svaret blev afvist"),
                        _("Svaret kom ikke fra en side på portalen. Gå til siden og svar igen."))
    if not hit(f"feedback:{client_ip(request)}", settings.FEEDBACK_RATE_PER_MINUTE).allowed:
        response = _refusal(request, 429, _("For mange svar"),
                            _("Vi har modtaget mange svar fra din forbindelse på kort tid. Prøv igen om et minut."))
        response["Retry-After"] = "60"
        return response
    target = live_target(request.POST.get("kind", ""), request.POST.get("id", ""))
    helpful = {"ja": True, "nej": False}.get(request.POST.get("nyttig", ""))
    if target is None:
        return _refusal(request, 404, _("Siden findes ikke"),
                        _("Siden, du svarede om, findes ikke (længere) på portalen."))
    if helpful is None:
        return _refusal(request, 400, _("Vælg ja eller nej"),
                        _("Svar ja eller nej til, om siden var nyttig. Gå tilbage til siden og prøv igen."))
    try:
        services.record(target, helpful, request.POST.get("kommentar", ""))
    except ValidationError as error:
        return _refusal(request, 400, _("Kommentaren er for lang"), error.messages[0])
    # Back to the box on the page it was about, which thanks them (role="status").
    return HttpResponseRedirect(f"{target.path}?{THANKS_PARAM}=tak#{ANCHOR}", status=303)
