"""Images of pages, with alt text and renditions from an allow-list (syndication/images/renditions.py)."""

import graphene

from ...images import renditions
from ..core.errors import BadUserInput

ImageFormat = graphene.Enum(
    "ImageFormat",
    [(name, name) for name in ("JPEG", "PNG", "WEBP", "AVIF")],
    description="File format of a rendition. WEBP and AVIF are served where the installation can write them "
    "(an unavailable one is a BAD_USER_INPUT error).",
)
WIDTHS_TEXT = ", ".join(map(str, renditions.WIDTHS))


class ImageRendition(graphene.ObjectType):
    """One size and format of an image, at a URL that never changes while the image stays the same."""

    url = graphene.String(required=True, description="Absolute URL; cache it as long as you like.")
    width = graphene.Int(required=True, description="Width in pixels.")
    height = graphene.Int(required=True, description="Height in pixels.")
    format = graphene.Field(ImageFormat, required=True, description="File format.")
    mime_type = graphene.String(required=True, description="Media type, e.g. 'image/webp'.")


def _format_name(value) -> str:
    return getattr(value, "value", value) or "WEBP"


def _rendition(image, info, width: int, format_name: str) -> dict:
    try:
        fmt = renditions.check(width, format_name)
    except renditions.RenditionNotAllowed as exc:
        raise BadUserInput(str(exc), argument="width" if width not in renditions.WIDTHS else "format") from None
    rendered_width, rendered_height = renditions.size(image, width)
    return {
        "url": info.context.build_absolute_uri(renditions.path(image, width, fmt)),
        "width": rendered_width,
        "height": rendered_height,
        "format": fmt.name,
        "mime_type": fmt.media_type,
    }


class Image(graphene.ObjectType):
    """An image with its text alternative. Sizes come from an allow-list, so renditions are never made on demand."""

    key = graphene.String(required=True, description="Stable key of the image.")
    alt_text = graphene.String(
        required=True, description="Text alternative for screen readers (the img element's alt); always given."
    )
    width = graphene.Int(required=True, description="Width of the original file in pixels.")
    height = graphene.Int(required=True, description="Height of the original file in pixels.")
    rendition = graphene.Field(
        ImageRendition,
        required=True,
        width=graphene.Int(required=True, description=f"One of {WIDTHS_TEXT}; never wider than the original."),
        format=graphene.Argument(ImageFormat, default_value="WEBP", description="File format (default WEBP)."),
        description=f"The image at one allowed width ({WIDTHS_TEXT}) and format; other widths are refused.",
    )
    renditions = graphene.List(
        graphene.NonNull(ImageRendition),
        required=True,
        format=graphene.Argument(ImageFormat, default_value="WEBP", description="File format (default WEBP)."),
        description="Every distinct allowed size in one format, smallest first (the widths below the original's "
        "and the original size).",
    )
    src_set = graphene.String(
        required=True,
        format=graphene.Argument(ImageFormat, default_value="WEBP", description="File format (default WEBP)."),
        description="The `renditions` as the value of an img element's srcset ('<url> 320w, <url> 640w, ...').",
    )

    @staticmethod
    def resolve_alt_text(image, info):
        return image.description

    @staticmethod
    def resolve_rendition(image, info, width, format="WEBP"):
        return _rendition(image, info, width, _format_name(format))

    @staticmethod
    def resolve_renditions(image, info, format="WEBP"):
        return [_rendition(image, info, width, _format_name(format)) for width in renditions.widths_for(image)]

    @staticmethod
    def resolve_src_set(image, info, format="WEBP"):
        items = Image.resolve_renditions(image, info, format)
        return ", ".join(f"{item['url']} {item['width']}w" for item in items)


def image_field():
    """The `image` of a page type whose kind ``has_image`` in the kind registry."""
    return graphene.Field(Image, description="The page's image with its alt text; null when it has none.")


def resolve_page_image(page, info):
    return page.image if page.image_id else None
