"""Security headers of the citizen site: a strict Content-Security-Policy.

Only the citizen site's responses get it: the Wagtail admin and GraphiQL run inline
scripts and keep Django's defaults. Every script and style here is a static file
(DKFDS from npm, frontend/static), so neither needs 'unsafe-inline'. HSTS, nosniff and
the referrer policy come from Django's SecurityMiddleware (cms/settings).
"""

from django.conf import settings

from .routing import is_citizen_facing, is_preview

_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(**overrides: str) -> str:
    return "; ".join(f"{name} {value}" for name, value in {**_DIRECTIVES, **overrides}.items())


POLICY = _policy()
# The admin shows previews in an iframe of its own origin.
PREVIEW_POLICY = _policy(**{"frame-ancestors": "'self'"})


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and settings.DEBUG_ERROR_PAGES and response.status_code >= 400:
            return response  # Django's technical error pages (a developer's choice) style themselves inline
        if is_citizen_facing(request, response) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = PREVIEW_POLICY if is_preview(request) else POLICY
        return response
