"""Municipality- or region-specific variants of national content, each with its own draft/live state."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from ..fields import SanitisedRichTextField, WebURLField
from ..kinds import LOCAL_TEXT, SELF_SERVICE_URL
from .geography import Municipality, Region
from .pages import GuidePage, SelfServiceLinkPage


class LocalVariant(DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """Belongs to exactly one municipality or one region (the region's text is the fallback).

    The admin form (a municipal editor picks only their own municipality) is
    content_models.local_variants.forms.LocalVariantForm, set by the snippet views.
    """

    # The foreign key to the national item this variant localises.
    localised_field = ""

    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="region"
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(region__isnull=True))
                | (Q(municipality__isnull=True) & Q(region__isnull=False)),
                name="%(app_label)s_%(class)s_one_place",
            )
        ]

    @property
    def place(self):
        return self.municipality or self.region

    @property
    def place_code(self) -> str:
        return self.municipality.code if self.municipality_id else self.region.code

    @property
    def localised_item(self):
        return getattr(self, self.localised_field)

    @classmethod
    def localised_relation(cls) -> str:
        """The national item's accessor for its variants ("local_texts")."""
        return cls._meta.get_field(cls.localised_field).remote_field.related_name

    def clean(self):
        super().clean()
        if bool(self.municipality_id) == bool(self.region_id):
            raise ValidationError("Vælg enten en kommune eller en region.")


class LocalText(PreviewableMixin, LocalVariant):
    """Local text for one section of a guide, shown under the national text."""

    localised_field = "guide"
    guide = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="local_texts", verbose_name="vejledning")
    section_key = models.SlugField("afsnitsnøgle", max_length=64)
    body = SanitisedRichTextField("lokaltekst")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="localtext")

    panels = [
        FieldPanel("guide"),
        FieldPanel("section_key"),
        FieldPanel("municipality"),
        FieldPanel("region"),
        FieldPanel("body"),
    ]

    class Meta(LocalVariant.Meta):
        verbose_name = LOCAL_TEXT.verbose_name
        verbose_name_plural = LOCAL_TEXT.verbose_name_plural
        permissions = [("edit_all_local_variants", "Kan redigere lokale varianter for alle kommuner og regioner")]
        constraints = LocalVariant.Meta.constraints + [
            models.UniqueConstraint(
                fields=["guide", "section_key", "municipality"],
                condition=Q(municipality__isnull=False),
                name="localtext_unique_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["guide", "section_key", "region"],
                condition=Q(region__isnull=False),
                name="localtext_unique_per_region",
            ),
        ]

    def __str__(self):
        place = self.municipality or self.region
        return f"{self.guide.title} · {self.section_key} · {place}"

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        # The citizen site shows the guide with this draft in its section (the object is in the context).
        return "frontend/previews/local_text.html"

    def clean(self):
        super().clean()
        if self.guide_id and not self.guide.sections.filter(key=self.section_key).exists():
            raise ValidationError({"section_key": f"Vejledningen har intet afsnit med nøglen '{self.section_key}'."})


class SelfServiceUrlOverride(LocalVariant):
    """The municipality's (or region's) own address for a national eService."""

    localised_field = "link"
    link = models.ForeignKey(
        SelfServiceLinkPage, on_delete=models.CASCADE, related_name="url_overrides", verbose_name="selvbetjeningsløsning"
    )
    url = WebURLField("lokal adresse", max_length=500)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="selfserviceurloverride")

    panels = [FieldPanel("link"), FieldPanel("municipality"), FieldPanel("region"), FieldPanel("url")]

    class Meta(LocalVariant.Meta):
        verbose_name = SELF_SERVICE_URL.verbose_name
        verbose_name_plural = SELF_SERVICE_URL.verbose_name_plural
        constraints = LocalVariant.Meta.constraints + [
            models.UniqueConstraint(
                fields=["link", "municipality"], condition=Q(municipality__isnull=False),
                name="urloverride_unique_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["link", "region"], condition=Q(region__isnull=False), name="urloverride_unique_per_region"
            ),
        ]

    def __str__(self):
        place = self.municipality or self.region
        return f"{self.link.title} · {place}"

    @property
    def revisions(self):
        return self._revisions
