"""410 Gone for the addresses of pages unpublished as "fjernet" (content_models.lifecycle.retirement).

Placed just outside Wagtail's RedirectMiddleware: a redirect wins; only a 404 nobody redirects becomes 410.
"""

from django.template.response import TemplateResponse

from .retirement import gone_response_for


class GoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.path.startswith(("/admin/", "/graphql/", "/static/", "/media/")):
            return response
        gone = gone_response_for(request.path)
        if gone is None:
            return response
        gone_response = TemplateResponse(request, "410.html", {"title": gone.title}, status=410)
        return gone_response.render()
