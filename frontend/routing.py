"""Which requests the citizen site answers, so its headers and cookies never touch the admin or the API."""

NAMESPACE = "frontend"
WAGTAIL_SERVE = "wagtail_serve"
# Paths owned by other apps; an unrouted path outside them gets the citizen site's 404 page.
_OTHER_APPS = (
    "/admin/", "/graphql/", "/api/", "/documents/", "/cpsv-ap/", "/sso/", "/static/", "/media/", "/healthz", "/readyz", "/metrics",
)


def is_preview(request) -> bool:
    """Wagtail's preview runs the page through a dummy request (``is_dummy``; ``is_preview`` once served)."""
    return bool(getattr(request, "is_preview", False) or getattr(request, "is_dummy", False))


def is_frontend_request(request) -> bool:
    if is_preview(request):
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.namespace == NAMESPACE or match.url_name == WAGTAIL_SERVE
    return not request.path.startswith(_OTHER_APPS)
