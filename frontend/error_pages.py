"""The citizen site's own 404 and 500 pages, also with DEBUG on (the demo runs with it).

Without DEBUG Django renders 404.html and 500.html itself. With DEBUG it shows its technical pages, which list
every URL pattern and the settings: fine for a developer, wrong for a citizen trying the demo. This middleware
answers the citizen site's errors with the same pages as production unless DEBUG_ERROR_PAGES is on. The admin,
the API and the SSO endpoints keep Django's behaviour.
"""

import logging

from django.conf import settings
from django.http import Http404, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse

from .routing import is_frontend_request

logger = logging.getLogger("django.request")


def _active(request) -> bool:
    return settings.DEBUG and not settings.DEBUG_ERROR_PAGES and is_frontend_request(request)


def not_found(request):
    response = TemplateResponse(request, "404.html", status=404)
    return response.render()


def server_error():
    # Rendered without the request or the database, as Django's own handler does: either may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


class CitizenErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view ran (no resolver match): Django's technical "no URL matched" page.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None and _active(request):
            return not_found(request)
        return response

    def process_exception(self, request, exception):
        if not _active(request):
            return None
        if isinstance(exception, Http404):
            return not_found(request)
        # Django logs what it handles itself; an error answered here must still reach the log.
        logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500})
        return server_error()
