"""The content kinds editors publish, as Wagtail pages (revisions, drafts, workflows, scheduling)."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..fields import SanitisedRichTextField
from ..forms import MajorUpdatePageForm
from ..kinds import GUIDE, SELF_SERVICE_LINK, STEP_BY_STEP, TEACHING_MODULE
from .media import page_image_field
from .taxonomy import Authority, Topic


class PortalHomePage(Page):
    """The root of one locale's content tree; the index pages of each kind live below it."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content_models.GuideIndexPage",
        "content_models.SelfServiceIndexPage",
        "content_models.StepByStepIndexPage",
        "content_models.TeachingModuleIndexPage",
    ]

    class Meta:
        verbose_name = "portalforside"


class _KindIndexPage(Page):
    """One index per content kind and locale; slugs are unique within it, so per kind."""

    parent_page_types = ["content_models.PortalHomePage"]

    class Meta:
        abstract = True


class GuideIndexPage(_KindIndexPage):
    subpage_types = ["content_models.GuidePage"]

    class Meta:
        verbose_name = "oversigt over vejledninger"


class SelfServiceIndexPage(_KindIndexPage):
    subpage_types = ["content_models.SelfServiceLinkPage"]

    class Meta:
        verbose_name = "oversigt over selvbetjeningsløsninger"


class StepByStepIndexPage(_KindIndexPage):
    subpage_types = ["content_models.StepByStepPage"]

    class Meta:
        verbose_name = "oversigt over trin-for-trin-vejledninger"


class TeachingModuleIndexPage(_KindIndexPage):
    subpage_types = ["content_models.TeachingModulePage"]

    class Meta:
        verbose_name = "oversigt over undervisningsforløb"


MAJOR_UPDATE_LABEL = "Væsentlig ændring – giv abonnenter besked"
MAJOR_UPDATE_HELP = (
    "Sæt kun hak, når ændringen er vigtig for abonnenterne: de får besked i Digital Post, når den publiceres."
)


def _unique_keys(items, field, label):
    seen = set()
    for item in items:
        value = getattr(item, field)
        if value in seen:
            raise ValidationError(f"{label} '{value}' bruges mere end én gang.")
        seen.add(value)


class GuidePage(Page):
    """A national borger.dk article: ordered sections with stable keys that local text attaches to."""

    summary = models.TextField("resumé")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="guides", verbose_name="emner")
    self_service_links = ParentalManyToManyField(
        "content_models.SelfServiceLinkPage", blank=True, related_name="guides", verbose_name="selvbetjeningsløsninger"
    )
    # Recorded in the publish event (details["major"]); the Digital Post consumer notifies subscribers of majors.
    major_update = models.BooleanField(MAJOR_UPDATE_LABEL, default=False, help_text=MAJOR_UPDATE_HELP)
    image = page_image_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("topics"),
        FieldPanel("self_service_links"),
        InlinePanel("sections", label="Afsnit", min_num=1),
        FieldPanel("major_update"),
    ]
    base_form_class = MajorUpdatePageForm
    search_fields = Page.search_fields + [index.SearchField("summary")]
    # Wagtail's own REST API (v2) serves guides too; it is the peer in bench/ benchmarks.
    api_fields = [
        APIField("summary"),
        APIField("topics", serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")),
        APIField("sections"),
    ]
    parent_page_types = ["content_models.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = GUIDE.verbose_name
        verbose_name_plural = GUIDE.verbose_name_plural

    def clean(self):
        super().clean()
        _unique_keys(self.sections.all(), "key", "Afsnitsnøglen")


class GuideSection(Orderable):
    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(
        "nøgle", max_length=64, help_text="Stabil nøgle som lokaltekster knyttes til. Skift den ikke."
    )
    heading = models.CharField("overskrift", max_length=255)
    body = SanitisedRichTextField("brødtekst")

    panels = [FieldPanel("key"), FieldPanel("heading"), FieldPanel("body")]
    api_fields = [APIField("key"), APIField("heading"), APIField("body")]

    class Meta(Orderable.Meta):
        verbose_name = "afsnit"

    def __str__(self):
        return f"{self.heading} ({self.key})"


class SelfServiceLinkPage(Page):
    """An eService of a public authority, with per-municipality URLs held as local variants."""

    class Login(models.TextChoices):
        NONE = "none", "Kræver ikke login"
        MITID = "mitid", "MitID"
        MITID_ERHVERV = "mitid_erhverv", "MitID Erhverv"

    class Audience(models.TextChoices):
        CITIZEN = "citizen", "Borger"
        BUSINESS = "business", "Virksomhed"

    description = models.TextField("beskrivelse")
    url = models.URLField("national adresse", max_length=500)
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="self_service_links",
        verbose_name="ansvarlig myndighed",
    )
    login = models.CharField("login", max_length=16, choices=Login.choices, default=Login.NONE)
    audience = models.CharField("målgruppe", max_length=16, choices=Audience.choices, default=Audience.CITIZEN)
    topics = ParentalManyToManyField(Topic, blank=True, related_name="self_service_links", verbose_name="emner")
    image = page_image_field()

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("url"),
        MultiFieldPanel([FieldPanel("authority"), FieldPanel("login"), FieldPanel("audience")], heading="Løsning"),
        FieldPanel("topics"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["content_models.SelfServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = SELF_SERVICE_LINK.verbose_name
        verbose_name_plural = SELF_SERVICE_LINK.verbose_name_plural


class StepByStepPage(Page):
    """A boligejer.dk step-by-step article."""

    summary = models.TextField("resumé")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="step_by_step_guides", verbose_name="emner")
    image = page_image_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("topics"),
        InlinePanel("steps", label="Trin", min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["content_models.StepByStepIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = STEP_BY_STEP.verbose_name
        verbose_name_plural = STEP_BY_STEP.verbose_name_plural


class Step(Orderable):
    page = ParentalKey(StepByStepPage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("titel", max_length=255)
    body = SanitisedRichTextField("brødtekst")
    tools = models.TextField("værktøjer og dokumenter", blank=True, help_text="Ét værktøj eller dokument pr. linje.")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="dokument",
    )

    panels = [FieldPanel("title"), FieldPanel("body"), FieldPanel("tools"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "trin"

    @property
    def tool_list(self) -> list[str]:
        return [line.strip() for line in self.tools.splitlines() if line.strip()]


class TeachingModulePage(Page):
    """An IT-formidler teaching module for digital-skills teachers."""

    class Level(models.TextChoices):
        BEGINNER = "beginner", "Begynder"
        INTERMEDIATE = "intermediate", "Øvet"
        ADVANCED = "advanced", "Erfaren"

    summary = models.TextField("resumé")
    audience = models.CharField("målgruppe", max_length=255)
    level = models.CharField("niveau", max_length=16, choices=Level.choices, default=Level.BEGINNER)
    duration_minutes = models.PositiveIntegerField("varighed i minutter")
    body = SanitisedRichTextField("indhold")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="teaching_modules", verbose_name="emner")
    image = page_image_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("level"), FieldPanel("duration_minutes")], heading="Forløb"),
        InlinePanel("objectives", label="Læringsmål", min_num=1),
        FieldPanel("body"),
        InlinePanel("materials", label="Materialer"),
        FieldPanel("topics"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("audience")]
    parent_page_types = ["content_models.TeachingModuleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = TEACHING_MODULE.verbose_name
        verbose_name_plural = TEACHING_MODULE.verbose_name_plural


class LearningObjective(Orderable):
    page = ParentalKey(TeachingModulePage, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField("læringsmål", max_length=500)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "læringsmål"


class TeachingMaterial(Orderable):
    page = ParentalKey(TeachingModulePage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("titel", max_length=255)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "materiale"


CONTENT_PAGE_MODELS = (GuidePage, SelfServiceLinkPage, StepByStepPage, TeachingModulePage)
