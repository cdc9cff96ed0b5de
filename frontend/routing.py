"""Which requests the citizen site answers, so its headers and cookies never touch the admin or the API."""

NAMESPACE = "frontend"
SSO_PREFIX = "/sso/"
SSO_CITIZEN_PREFIX = "/sso/borger/"
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


def is_citizen_facing(request, response) -> bool:
    """The citizen site and the login pages in front of it (cms/sso's templates extend the site's base): the
    responses that get the site's Content-Security-Policy. Only the site itself is cached (frontend.caching).

    Under /sso/ that is the citizen's pages and every refusal page; other SSO responses (redirects to an
    identity provider, metadata, a protocol's own auto-posting form) are left to cms/sso.
    """
    if request.path.startswith(SSO_PREFIX):
        return request.path.startswith(SSO_CITIZEN_PREFIX) or response.status_code >= 400
    return is_frontend_request(request)
