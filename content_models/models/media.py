"""Images with required alt text (Wagtail's description field, made mandatory) and a stable key.

The key names an image in import/export lines (a page's ``"image"``) and in its public rendition URLs, so it
survives a re-upload of the file; it is made from the title when an editor leaves it empty.
"""

import secrets

from django.db import models
from django.utils.text import slugify
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from ..kinds import IMAGE

KEY_MAX_LENGTH = 100


def _free_key(base: str, exclude_pk=None) -> str:
    base = (slugify(base) or "billede")[: KEY_MAX_LENGTH - 9]
    key = base
    taken = PortalImage.objects.exclude(pk=exclude_pk).filter(key=key).exists
    while taken():
        key = f"{base}-{secrets.token_hex(4)}"
        taken = PortalImage.objects.exclude(pk=exclude_pk).filter(key=key).exists
    return key


class PortalImage(AbstractImage):
    # WCAG: every image needs a text alternative, so the description (alt text) is required.
    description = models.CharField(
        "alternativ tekst",
        max_length=255,
        blank=False,
        default="",
        help_text="Beskriv billedet for brugere af skærmlæser.",
    )
    key = models.SlugField(
        "nøgle", max_length=KEY_MAX_LENGTH, unique=True, blank=True,
        help_text="Stabil nøgle, som import/eksport og partnernes billedadresser bruger. Dannes af titlen, hvis "
        "feltet er tomt. Skift den ikke, når billedet er i brug.",
    )

    admin_form_fields = Image.admin_form_fields + ("key",)

    class Meta(AbstractImage.Meta):
        verbose_name = IMAGE.verbose_name
        verbose_name_plural = IMAGE.verbose_name_plural

    @property
    def default_alt_text(self):
        return self.description

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = _free_key(self.title, exclude_pk=self.pk)
        if self.file and not self.file_hash:
            # Wagtail's upload form sets it; images made in code need it too (the rendition URLs carry it).
            self._set_image_file_metadata()
        super().save(*args, **kwargs)


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def page_image_field():
    """The optional image of a page kind that ``has_image`` in the kind registry.

    SET_NULL, as Wagtail does: the admin warns where an image is used before it is deleted, and its delete view
    cannot show a refusal (PROTECT would answer 500)."""
    return models.ForeignKey(
        PortalImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="billede",
        help_text="Vises hos partnere med sin alternative tekst.",
    )
