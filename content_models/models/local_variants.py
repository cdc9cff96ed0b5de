"""Municipality- or region-specific variants of national content, each with its own draft/live state."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from ..fields import SanitisedRichTextField, WebURLField
from ..kinds import LOCAL_TEXT, MODULE_LOCAL_TEXT, SELF_SERVICE_URL, STEP_LOCAL_TEXT
from .geography import Municipality, Region
from .pages import GuidePage, SelfServiceLinkPage, StepByStepPage, TeachingModulePage


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


class LocalTextBase(PreviewableMixin, LocalVariant):
    """A place's own text under one part of a national item: a guide section, a step, or a teaching module.

    One concrete model per target (docs/decisions/0010-editors-at-work-and-lifecycle.md), so each is a kind of its own in
    the registry, the event log and the change feed. ``target_key_field`` names the field holding the part's
    stable key (none for a module: the text belongs to the module as a whole).
    """

    target_key_field = ""
    target_label = ""  # the part as an editor names it: "afsnit", "trin"

    body = SanitisedRichTextField("lokaltekst")
    # Outdated while the national text under it changed (a publish) after it was last published or confirmed.
    national_changed_at = models.DateTimeField("national tekst ændret", null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField("gennemgået", null=True, blank=True, editable=False)

    class Meta(LocalVariant.Meta):
        abstract = True

    @property
    def target_key(self) -> str:
        return getattr(self, self.target_key_field) if self.target_key_field else ""

    @property
    def outdated(self) -> bool:
        return is_outdated(self.national_changed_at, self.reviewed_at)

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        # The row, not a revision, knows whether the national text moved on since the last review.
        obj = super().with_content_json(content)
        obj.national_changed_at, obj.reviewed_at = self.national_changed_at, self.reviewed_at
        return obj

    def get_preview_template(self, request, mode_name):
        # The citizen site shows the item with this draft in its place (the object is in the context).
        return "frontend/previews/local_text.html"

    def __str__(self):
        parts = [self.localised_item.title, self.target_key, str(self.place)]
        return " · ".join(part for part in parts if part)

    def clean(self):
        super().clean()
        item = self.localised_item if getattr(self, f"{self.localised_field}_id") else None
        if item is not None and self.target_key and self.target_key not in item.national_texts():
            noun = self.target_label
            raise ValidationError(
                {self.target_key_field: f"{self._meta.get_field(self.localised_field).verbose_name.capitalize()} "
                                        f"»{item.title}« har intet {noun} med nøglen »{self.target_key}«."}
            )


def is_outdated(national_changed_at, reviewed_at) -> bool:
    return national_changed_at is not None and (reviewed_at is None or national_changed_at > reviewed_at)


class LocalText(LocalTextBase):
    """Local text for one section of a guide, shown under the national text."""

    localised_field = "guide"
    citizen_page_template = "content_models/guide_page.html"
    target_key_field = "section_key"
    target_label = "afsnit"
    guide = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="local_texts", verbose_name="vejledning")
    section_key = models.SlugField("afsnit", max_length=64)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="localtext")

    panels = [
        FieldPanel("guide"),
        FieldPanel("section_key"),
        FieldPanel("municipality"),
        FieldPanel("region"),
        FieldPanel("body"),
    ]

    class Meta(LocalTextBase.Meta):
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


class StepLocalText(LocalTextBase):
    """Local text for one step of a step-by-step guide (the municipality's own rules or contacts for it)."""

    localised_field = "step_by_step"
    citizen_page_template = "content_models/step_by_step_page.html"
    target_key_field = "step_key"
    target_label = "trin"
    step_by_step = models.ForeignKey(
        StepByStepPage, on_delete=models.CASCADE, related_name="local_texts", verbose_name="trin-for-trin-vejledning"
    )
    step_key = models.SlugField("trin", max_length=64)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="steplocaltext")

    panels = [
        FieldPanel("step_by_step"),
        FieldPanel("step_key"),
        FieldPanel("municipality"),
        FieldPanel("region"),
        FieldPanel("body"),
    ]

    class Meta(LocalTextBase.Meta):
        verbose_name = STEP_LOCAL_TEXT.verbose_name
        verbose_name_plural = STEP_LOCAL_TEXT.verbose_name_plural
        constraints = LocalVariant.Meta.constraints + [
            models.UniqueConstraint(
                fields=["step_by_step", "step_key", "municipality"], condition=Q(municipality__isnull=False),
                name="steplocaltext_unique_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["step_by_step", "step_key", "region"], condition=Q(region__isnull=False),
                name="steplocaltext_unique_per_region",
            ),
        ]


class ModuleLocalText(LocalTextBase):
    """Local text for a teaching module as a whole (local course venues, contacts, local self-service)."""

    localised_field = "teaching_module"
    citizen_page_template = "content_models/teaching_module_page.html"
    teaching_module = models.ForeignKey(
        TeachingModulePage, on_delete=models.CASCADE, related_name="local_texts", verbose_name="undervisningsforløb"
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="modulelocaltext")

    panels = [FieldPanel("teaching_module"), FieldPanel("municipality"), FieldPanel("region"), FieldPanel("body")]

    class Meta(LocalTextBase.Meta):
        verbose_name = MODULE_LOCAL_TEXT.verbose_name
        verbose_name_plural = MODULE_LOCAL_TEXT.verbose_name_plural
        constraints = LocalVariant.Meta.constraints + [
            models.UniqueConstraint(
                fields=["teaching_module", "municipality"], condition=Q(municipality__isnull=False),
                name="modulelocaltext_unique_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["teaching_module", "region"], condition=Q(region__isnull=False),
                name="modulelocaltext_unique_per_region",
            ),
        ]


LOCAL_TEXT_MODELS = (LocalText, StepLocalText, ModuleLocalText)


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
