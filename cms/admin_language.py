"""The admin speaks Danish to everyone, from the login page on, whatever language the browser asks for.

LocaleMiddleware follows the browser's Accept-Language (English for the citizen site's /en/ pages); for /admin/
this middleware, placed right after it, switches back to Danish. Wagtail's own account setting offers only Danish
(WAGTAILADMIN_PERMITTED_LANGUAGES).
"""

from django.utils import translation

ADMIN_PREFIX = "/admin/"


class DanishAdminMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            translation.activate("da")
            request.LANGUAGE_CODE = "da"
        return self.get_response(request)
