"""The catalogue of data-interchange standards (the old Digitalisér.dk repository)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from ..fields import WebURLField
from ..kinds import STANDARD


class Standard(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    class Category(models.TextChoices):
        STANDARD = "standard", "Standard"
        ARCHITECTURE_DOCUMENT = "architecture_document", "Arkitekturdokument"
        SERVICE = "service", "Tjeneste"
        ORGANISATION = "organisation", "Organisation"

    identifier = models.CharField("identifikator", max_length=100, unique=True)
    title = models.CharField("titel", max_length=255)
    category = models.CharField("kategori", max_length=32, choices=Category.choices, default=Category.STANDARD)
    version = models.CharField("version", max_length=50, blank=True)
    status = models.CharField("status", max_length=100, blank=True)
    description = models.TextField("beskrivelse", blank=True)
    url = WebURLField("adresse", max_length=500, blank=True)
    owner = models.CharField("ejer", max_length=255, blank=True)
    related = ParentalManyToManyField("self", blank=True, symmetrical=False, verbose_name="relaterede")
    # Recorded in the publish event (details["major"]); the Digital Post consumer notifies subscribers of majors.
    major_update = models.BooleanField(
        "Væsentlig ændring – giv abonnenter besked", default=False,
        help_text="Sæt kun hak, når ændringen er vigtig for abonnenterne: de får besked i Digital Post, når den "
        "publiceres.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="standard")

    panels = [
        FieldPanel("identifier"),
        FieldPanel("title"),
        FieldPanel("category"),
        FieldPanel("version"),
        FieldPanel("status"),
        FieldPanel("owner"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("related"),
        FieldPanel("major_update"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("identifier"), index.SearchField("description")]

    class Meta:
        ordering = ["identifier"]
        verbose_name = STANDARD.verbose_name
        verbose_name_plural = STANDARD.verbose_name_plural

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions
