"""Security headers of the citizen site: a strict Content-Security-Policy.

Only the citizen site's responses and the citizen's login pages (cms/sso) get it: the Wagtail admin and
GraphiQL run inline scripts and keep Django's defaults. Every script and style here is a static file
(DKFDS from npm, frontend/static), so neither needs 'unsafe-inline'. HSTS, nosniff and
the referrer policy come from Django's SecurityMiddleware (cms/settings).
"""

from django.conf import settings

from .routing import is_frontend_request, is_preview

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


# The citizen's login pages (cms/sso) and every refusal page of a login are pages citizens see, on static files
# too; the rest of /sso/ (metadata, redirects to an identity provider) is not HTML for people.
CITIZEN_LOGIN_PREFIX, SSO_PREFIX = "/sso/borger/", "/sso/"


def _citizen_facing(request, response) -> bool:
    if request.path.startswith(SSO_PREFIX):
        return request.path.startswith(CITIZEN_LOGIN_PREFIX) or response.status_code >= 400
    return is_frontend_request(request)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's technical error pages style themselves inline
        if _citizen_facing(request, response) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = PREVIEW_POLICY if is_preview(request) else POLICY
        return response
