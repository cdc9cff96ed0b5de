"""Serving an image's allowed renditions at cache-friendly URLs (syndication/images/renditions.py).

/billeder/<key>/<file-hash>/<width>.<extension>: a size or format outside the allow-list is a 404 before any
image work; the first request of an allowed one renders it (Wagtail stores it), later ones read the stored file.
An old file hash redirects to the current file's URL.
"""

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.views.decorators.http import require_safe

from content_models.models import PortalImage

from . import renditions

ONE_YEAR = 365 * 24 * 3600


@require_safe
def rendition_view(request, key, version, width, extension):
    fmt = renditions.BY_EXTENSION.get(extension)
    if fmt is None or width not in renditions.WIDTHS:
        raise Http404("Ukendt billedstørrelse eller -format.")
    image = PortalImage.objects.filter(key=key).first()
    if image is None:
        raise Http404("Billedet findes ikke.")
    if version != renditions.version(image):
        response = HttpResponseRedirect(renditions.path(image, width, fmt))
        response["Cache-Control"] = "public, max-age=300"
        return response
    rendition = image.get_rendition(renditions.filter_spec(width, fmt))
    response = FileResponse(rendition.file.open("rb"), content_type=fmt.media_type)
    # The URL names the file's content: it never changes, so anyone may keep it for a year.
    response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response
