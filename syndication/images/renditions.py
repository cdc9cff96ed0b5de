"""Which renditions of an image partners may have: an allow-list of widths and formats, and their URLs.

Anything outside the list is refused before any image work starts (GraphQL: BAD_USER_INPUT; the image URL:
404), so no request can make the portal render a new size: at most len(WIDTHS) x len(FORMATS) renditions exist
per image. A rendition's URL carries the image's key and the start of its file hash, so it never changes while
the file stays the same and changes when the file does: caches and CDNs may keep it forever.
"""

from dataclasses import dataclass

from django.urls import reverse
from PIL import features

WIDTHS = (320, 640, 960, 1280, 1920)
VERSION_LENGTH = 12  # hex digits of the file's sha1 in the URL


@dataclass(frozen=True)
class Format:
    name: str  # the GraphQL enum value
    wagtail: str  # Wagtail's format-... filter
    media_type: str
    extension: str


_ALL_FORMATS = (
    Format("JPEG", "jpeg", "image/jpeg", "jpg"),
    Format("PNG", "png", "image/png", "png"),
    Format("WEBP", "webp", "image/webp", "webp"),
    Format("AVIF", "avif", "image/avif", "avif"),
)
# WebP and AVIF only where this installation's Pillow can write them.
FORMATS = {f.name: f for f in _ALL_FORMATS if f.wagtail not in ("webp", "avif") or features.check(f.wagtail)}
BY_EXTENSION = {f.extension: f for f in FORMATS.values()}


class RenditionNotAllowed(ValueError):
    pass


def check(width: int, format_name: str) -> Format:
    """The format of an allowed (width, format); RenditionNotAllowed naming what is allowed otherwise."""
    if width not in WIDTHS:
        raise RenditionNotAllowed(f"width must be one of {', '.join(map(str, WIDTHS))}; got {width}.")
    if format_name not in FORMATS:
        raise RenditionNotAllowed(
            f"format {format_name} is not available here; use one of {', '.join(FORMATS)}."
        )
    return FORMATS[format_name]


def filter_spec(width: int, fmt: Format) -> str:
    return f"width-{width}|format-{fmt.wagtail}"


def size(image, width: int) -> tuple[int, int]:
    """The rendition's size without rendering it, as Wagtail's width-N computes it (never larger than the file)."""
    if image.width <= width:
        return image.width, image.height
    return width, max(1, int(image.height * (width / image.width)))


def widths_for(image) -> list[int]:
    """The allowed widths that give distinct renditions: those below the file's width and one at its full size."""
    below = [width for width in WIDTHS if width < image.width]
    full = [width for width in WIDTHS if width >= image.width][:1]
    return below + full


def version(image) -> str:
    return image.get_file_hash()[:VERSION_LENGTH]


def path(image, width: int, fmt: Format) -> str:
    return reverse(
        "image_rendition",
        kwargs={"key": image.key, "version": version(image), "width": width, "extension": fmt.extension},
    )
