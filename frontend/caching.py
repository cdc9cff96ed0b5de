"""HTTP caching of the citizen site: shared caches may keep anonymous pages for a minute.

Pages differ by the municipality cookie, hence ``Vary: Cookie``; an ETag lets a browser
revalidate with a 304. Editors, signed-in citizens, previews and responses that set a
cookie are never stored anywhere (drafts and personal pages must not reach a shared cache), nor are
responses their view marked private or no-store.
"""

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag

from cms.sso.citizen import current_citizen

from .routing import is_frontend_request, is_preview

MAX_AGE = 60
PRIVATE = "private, no-store"


def _marked_private(response) -> bool:
    """The view said so itself (``never_cache``, the citizen's subscription pages)."""
    directives = {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return bool(directives & {"private", "no-store"})


def _must_not_store(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        is_preview(request)
        or _marked_private(response)
        or (user is not None and user.is_authenticated)
        or (hasattr(request, "session") and current_citizen(request) is not None)
        or bool(response.cookies)
        or request.method not in ("GET", "HEAD")
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_frontend_request(request):
            return response
        if _must_not_store(request, response):
            response["Cache-Control"] = PRIVATE
            return response
        if response.status_code != 200 or response.streaming:
            return response
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ("Cookie",))
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)
