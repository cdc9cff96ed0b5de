"""One answer to "Var denne side nyttig?". Anonymous: no IP address, no session, no user; the comment is
redacted (CPR-like numbers, e-mail addresses) before it is stored."""

from django.db import models

COMMENT_MAX_LENGTH = 500


class PageFeedback(models.Model):
    kind = models.CharField("indholdstype", max_length=32)  # a content kind code (content_models/kinds.py)
    object_id = models.CharField("id", max_length=64)  # the page's id, a standard's id
    title = models.CharField("titel", max_length=255)  # as the citizen saw it
    path = models.CharField("adresse", max_length=500)
    language = models.CharField("sprog", max_length=8, default="da")
    helpful = models.BooleanField("nyttig")
    comment = models.TextField("kommentar", max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField("modtaget", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "object_id"], name="feedback_target")]
        verbose_name = "tilbagemelding"
        verbose_name_plural = "tilbagemeldinger"

    def __str__(self):
        return f"{self.title}: {'ja' if self.helpful else 'nej'}"
