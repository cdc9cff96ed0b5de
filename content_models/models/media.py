"""Images with required alt text (Wagtail's description field, made mandatory)."""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    # WCAG: every image needs a text alternative, so the description (alt text) is required.
    description = models.CharField(
        "alternativ tekst",
        max_length=255,
        blank=False,
        default="",
        help_text="Beskriv billedet for brugere af skærmlæser.",
    )

    admin_form_fields = Image.admin_form_fields

    @property
    def default_alt_text(self):
        return self.description


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
