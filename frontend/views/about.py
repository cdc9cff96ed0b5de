"""The portal's own pages every visitor may need: about the portal, and privacy and cookies."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from ..municipality import COOKIE_NAME


@require_safe
def about(request):
    return TemplateResponse(request, "frontend/about/about.html", {"sender": settings.DIGITAL_POST_SENDER_NAME})


@require_safe
def privacy(request):
    context = {
        "sender": settings.DIGITAL_POST_SENDER_NAME,
        "municipality_cookie": COOKIE_NAME,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
    return TemplateResponse(request, "frontend/about/privacy.html", context)
