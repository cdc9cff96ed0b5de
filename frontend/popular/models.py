from django.db import models
from wagtail.admin.panels import FieldPanel

from content_models.models import SelfServiceLinkPage


class SelfServiceClick(models.Model):
    """How often "Gå til selvbetjeningen" was clicked in one ISO week: a count, nothing about who."""

    link = models.ForeignKey(SelfServiceLinkPage, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # Monday of the ISO week
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "week"], name="popular_click_once_per_week")]


class FeaturedSelfService(models.Model):
    """An editor's choice for the home page's "Mest brugte selvbetjeninger"; shown first, in this order."""

    link = models.OneToOneField(
        SelfServiceLinkPage, on_delete=models.CASCADE, related_name="+", verbose_name="selvbetjeningsløsning"
    )
    sort_order = models.PositiveSmallIntegerField("placering", default=0, help_text="Lavest vises først.")

    panels = [FieldPanel("link"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "fremhævet selvbetjeningsløsning"
        verbose_name_plural = "fremhævede selvbetjeningsløsninger på forsiden"

    def __str__(self):
        return self.link.title
