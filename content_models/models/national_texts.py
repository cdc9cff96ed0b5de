"""The published national text under each local-text target, so a publish can tell what changed."""

from django.db import models


class NationalText(models.Model):
    """One part of a live national item (a guide section, a step, a module's body) as last published.

    Only a fingerprint is kept: enough to notice a change at the next publish, which marks the local texts
    under that part outdated (content_models.lifecycle.national_changes).
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, blank=True)  # section or step key; "" for a module as a whole
    fingerprint = models.CharField(max_length=64)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="nationaltext_unique_part")]
        verbose_name = "national tekst"
        verbose_name_plural = "nationale tekster"
