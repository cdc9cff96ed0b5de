"""Rate limits of the citizen site's own endpoints, per client address (syndication/limits/rate.py decides who
is asking, also behind load balancers): past the limit a Danish 429 page, or an empty JSON answer for scripts."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse

from syndication.limits import rate


def _headers(response, decision):
    response["Retry-After"] = str(decision.retry_after)
    response["Cache-Control"] = "private, no-store"  # the refusal is this client's, for this minute
    return response


def too_many_page(request, decision):
    response = TemplateResponse(request, "429.html", {"retry_after": decision.retry_after}, status=429)
    return _headers(response, decision)


def too_many_json(request, decision):
    payload = {"query": "", "suggestions": [], "error": "For mange forespørgsler. Prøv igen om lidt."}
    return _headers(JsonResponse(payload, status=429), decision)


def limited(scope: str, setting: str, refuse=too_many_page):
    """Let ``settings.<setting>`` requests a minute from one client through to the view; refuse the rest."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            decision = rate.hit(f"{scope}:{rate.client_ip(request)}", getattr(settings, setting))
            if not decision.allowed:
                return refuse(request, decision)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
