"""The append-only publishing event log and the cursors of its consumers."""

from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    pass


class PublishingEvent(models.Model):
    class Action(models.TextChoices):
        PUBLISHED = "PUBLISHED", "Publiceret"
        UNPUBLISHED = "UNPUBLISHED", "Afpubliceret"
        DELETED = "DELETED", "Slettet"
        # The item's old identifier (and address) now leads to a new one: details["redirect_to"].
        REDIRECTED = "REDIRECTED", "Omdirigeret"

    sequence = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=32, db_index=True)
    identifier = models.CharField(max_length=255)
    object_id = models.CharField(max_length=64)
    locale = models.CharField(max_length=16, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)
    # Free-form facts for consumers (revision id, whether the update is major, ...).
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["kind", "object_id", "sequence"])]
        verbose_name = "publiceringshændelse"
        verbose_name_plural = "publiceringshændelser"

    def __str__(self):
        return f"#{self.sequence} {self.action} {self.kind} {self.identifier}"

    def save(self, *args, **kwargs):
        # The log is append-only: rows are written once and never changed.
        if not self._state.adding:
            raise AppendOnlyError("Publishing events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Publishing events cannot be deleted.")


class ConsumerCursor(models.Model):
    """How far one consumer (search indexer, webhooks, ...) has read the log."""

    name = models.CharField(max_length=100, primary_key=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "forbrugerposition"
        verbose_name_plural = "forbrugerpositioner"

    def __str__(self):
        return f"{self.name} @ {self.position}"
