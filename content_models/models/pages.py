"""The content kinds editors publish, as Wagtail pages (revisions, drafts, workflows, scheduling)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..fields import SanitisedRichTextField, WebURLField
from ..forms import MajorUpdatePageForm
from ..kinds import GUIDE, SELF_SERVICE_LINK, STEP_BY_STEP, TEACHING_MODULE
from .lifecycle import LifecycleMixin
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


# Checkbox lists, not raw multi-selects: one click without Ctrl must not wipe every choice.
CHECKBOXES = forms.CheckboxSelectMultiple
LIFECYCLE_PANELS = [
    MultiFieldPanel(
        [FieldPanel("content_owner"), FieldPanel("review_by"), FieldPanel("major_update"), FieldPanel("change_note")],
        heading="Ansvar og opdatering",
    )
]


def _unique_keys(items, field, label):
    seen = set()
    for item in items:
        value = getattr(item, field)
        if value in seen:
            raise ValidationError(f"{label} '{value}' bruges mere end én gang.")
        seen.add(value)


class GuidePage(LifecycleMixin, Page):
    """A national borger.dk article: ordered sections with stable keys that local text attaches to."""

    summary = models.TextField("resumé")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="guides", verbose_name="emner")
    self_service_links = ParentalManyToManyField(
        "content_models.SelfServiceLinkPage", blank=True, related_name="guides", verbose_name="selvbetjeningsløsninger"
    )
    image = page_image_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("topics", widget=CHECKBOXES),
        FieldPanel("self_service_links", widget=CHECKBOXES),
        InlinePanel("sections", label="Afsnit", min_num=1),
        *LIFECYCLE_PANELS,
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

    def national_texts(self) -> dict[str, str]:
        """What local texts sit under, by key: each section's heading and text."""
        return {section.key: f"{section.heading}\n{section.body}" for section in self.sections.all()}

    def local_text_parts(self) -> list[tuple[str, str]]:
        """(key, heading) of each part a local text can sit under, as editors see them."""
        return [(section.key, section.heading) for section in self.sections.all()]


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


class SelfServiceLinkPage(LifecycleMixin, Page):
    """An eService of a public authority, with per-municipality URLs held as local variants."""

    base_form_class = MajorUpdatePageForm

    class Login(models.TextChoices):
        NONE = "none", "Kræver ikke login"
        MITID = "mitid", "MitID"
        MITID_ERHVERV = "mitid_erhverv", "MitID Erhverv"

    class Audience(models.TextChoices):
        CITIZEN = "citizen", "Borger"
        BUSINESS = "business", "Virksomhed"

    description = models.TextField("beskrivelse")
    url = WebURLField("national adresse", max_length=500)
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
        FieldPanel("topics", widget=CHECKBOXES),
        *LIFECYCLE_PANELS,
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["content_models.SelfServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = SELF_SERVICE_LINK.verbose_name
        verbose_name_plural = SELF_SERVICE_LINK.verbose_name_plural


class StepByStepPage(LifecycleMixin, Page):
    """A boligejer.dk step-by-step article."""

    summary = models.TextField("resumé")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="step_by_step_guides", verbose_name="emner")
    image = page_image_field()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("topics", widget=CHECKBOXES),
        InlinePanel("steps", label="Trin", min_num=1),
        *LIFECYCLE_PANELS,
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    base_form_class = MajorUpdatePageForm
    parent_page_types = ["content_models.StepByStepIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = STEP_BY_STEP.verbose_name
        verbose_name_plural = STEP_BY_STEP.verbose_name_plural

    def clean(self):
        super().clean()
        steps = list(self.steps.all())
        if any(not step.key for step in steps):
            assign_step_keys(steps)
            self.steps = steps
        _unique_keys(steps, "key", "Trinnøglen")

    def national_texts(self) -> dict[str, str]:
        return {step.key: f"{step.title}\n{step.body}" for step in self.steps.all()}

    def local_text_parts(self) -> list[tuple[str, str]]:
        return [(step.key, f"Trin {number}: {step.title}") for number, step in enumerate(self.steps.all(), start=1)]


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """A key as Danes write it in URLs: "Læg budget" becomes "laeg-budget", not "lg-budget"."""
    return slugify(text.translate(_DANISH_LETTERS))


def assign_step_keys(steps) -> None:
    """Give every step without a key one made from its title, unique within the guide (kept once given)."""
    taken = {step.key for step in steps if step.key}
    for step in steps:
        if step.key:
            continue
        base = danish_slug(step.title)[:56] or "trin"
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        step.key = key
        taken.add(key)


class Step(Orderable):
    page = ParentalKey(StepByStepPage, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(
        "nøgle", max_length=64, blank=True,
        help_text="Stabil nøgle som lokaltekster knyttes til; dannes af titlen, hvis den er tom. Skift den ikke.",
    )
    title = models.CharField("titel", max_length=255)
    body = SanitisedRichTextField("brødtekst")
    tools = models.TextField("værktøjer og dokumenter", blank=True, help_text="Ét værktøj eller dokument pr. linje.")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="dokument",
    )

    panels = [FieldPanel("title"), FieldPanel("key"), FieldPanel("body"), FieldPanel("tools"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "trin"

    def __str__(self):
        return f"{self.title} ({self.key})"

    @property
    def tool_list(self) -> list[str]:
        return [line.strip() for line in self.tools.splitlines() if line.strip()]


class TeachingModulePage(LifecycleMixin, Page):
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
        FieldPanel("topics", widget=CHECKBOXES),
        *LIFECYCLE_PANELS,
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("audience")]
    base_form_class = MajorUpdatePageForm
    parent_page_types = ["content_models.TeachingModuleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = TEACHING_MODULE.verbose_name
        verbose_name_plural = TEACHING_MODULE.verbose_name_plural

    def national_texts(self) -> dict[str, str]:
        """A module's local text sits under the module as a whole (key "")."""
        return {"": self.body}

    def local_text_parts(self) -> list[tuple[str, str]]:
        return [("", "Hele forløbet")]


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
