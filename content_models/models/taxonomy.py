"""Topics (borger.dk-style categories) and the authorities responsible for content."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..fields import WebURLField
from ..kinds import AUTHORITY, TOPIC
from .geography import Municipality, Region


class Topic(index.Indexed, models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField("titel", max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="overemne"
    )
    description = models.TextField("beskrivelse", blank=True)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("parent"), FieldPanel("description")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = TOPIC.verbose_name
        verbose_name_plural = TOPIC.verbose_name_plural

    def __str__(self):
        return f"{self.parent.title} › {self.title}" if self.parent_id else self.title

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Et emne kan ikke være sit eget overemne."})
            ancestor = ancestor.parent


class Authority(index.Indexed, models.Model):
    class Type(models.TextChoices):
        STATE = "state", "Statslig myndighed"
        REGION = "region", "Region"
        MUNICIPALITY = "municipality", "Kommune"
        OTHER = "other", "Anden"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField("navn", max_length=200)
    type = models.CharField("type", max_length=16, choices=Type.choices)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="authorities"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="authorities")
    cvr = models.CharField("CVR-nummer", max_length=8, blank=True)
    url = WebURLField("hjemmeside", max_length=500, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("type"),
        FieldPanel("municipality"),
        FieldPanel("region"),
        FieldPanel("cvr"),
        FieldPanel("url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = AUTHORITY.verbose_name
        verbose_name_plural = AUTHORITY.verbose_name_plural

    def __str__(self):
        return self.name

    def clean(self):
        if self.type == self.Type.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": "En kommunal myndighed skal have en kommune."})
        if self.type == self.Type.REGION and not self.region_id:
            raise ValidationError({"region": "En regional myndighed skal have en region."})
        if self.cvr and not (self.cvr.isdigit() and len(self.cvr) == 8):
            raise ValidationError({"cvr": "Et CVR-nummer har 8 cifre."})
