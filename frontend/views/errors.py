"""The citizen site's answer to a refused form (CSRF); the admin and the API keep Django's own."""

from django.template.response import TemplateResponse
from django.views import csrf

from ..routing import is_frontend_request


def csrf_failure(request, reason=""):
    if not is_frontend_request(request):
        return csrf.csrf_failure(request, reason)
    # The reason is for developers (Django logs it); citizens get what to do.
    response = TemplateResponse(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "private, no-store"
    return response.render()
