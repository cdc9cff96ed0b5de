"""The health of every outbound link the portal shows (self-service URLs and links inside rich text)."""

from django.db import models


class LinkState(models.TextChoices):
    OK = "OK", "Virker"
    REDIRECTED = "REDIRECTED", "Viderestiller"
    BROKEN = "BROKEN", "Virker ikke"
    UNREACHABLE = "UNREACHABLE", "Kan ikke nås"
    UNCHECKED = "UNCHECKED", "Ikke tjekket endnu"


BAD_STATES = (LinkState.BROKEN, LinkState.UNREACHABLE)


class LinkStatus(models.Model):
    """The latest check of one URL, and when to check it next (backing off while it fails)."""

    url = models.URLField("adresse", max_length=500, unique=True)
    state = models.CharField("status", max_length=16, choices=LinkState.choices, default=LinkState.UNCHECKED)
    http_status = models.PositiveSmallIntegerField("HTTP-status", null=True, blank=True)
    final_url = models.URLField("endelig adresse", max_length=500, blank=True)
    error = models.CharField("fejl", max_length=255, blank=True)
    checked_at = models.DateTimeField("tjekket", null=True, blank=True)
    next_check_at = models.DateTimeField("næste tjek", null=True, blank=True, db_index=True)
    failures = models.PositiveIntegerField("fejl i træk", default=0)
    last_seen_at = models.DateTimeField("sidst fundet i indholdet", null=True, blank=True)

    class Meta:
        verbose_name = "linkstatus"
        verbose_name_plural = "linkstatusser"

    def __str__(self):
        return f"{self.url} ({self.get_state_display()})"


class LinkCheck(models.Model):
    """One check of one URL: the status history."""

    link = models.ForeignKey(LinkStatus, on_delete=models.CASCADE, related_name="history")
    checked_at = models.DateTimeField("tjekket")
    state = models.CharField("status", max_length=16, choices=LinkState.choices)
    http_status = models.PositiveSmallIntegerField("HTTP-status", null=True, blank=True)
    error = models.CharField("fejl", max_length=255, blank=True)
    duration_ms = models.PositiveIntegerField("varighed (ms)", default=0)

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = "linktjek"
        verbose_name_plural = "linktjek"
