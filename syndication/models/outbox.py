"""The state every outbox row keeps (webhook deliveries, Digital Post messages): status and retry bookkeeping.

Abstract: each outbox has its own table (and its own index on ``status, next_attempt_at``); this only
declares the columns they share, so the dispatchers (syndication/retry.py) and the admin
(syndication/admin/outbox.py) can treat both alike.
"""

from django.db import models


class OutboxRow(models.Model):
    """One item the dispatcher sends until delivered or dead (``attempts`` counts the tries of this series)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Afventer"
        DELIVERED = "delivered", "Leveret"
        DEAD = "dead", "Opgivet"

    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("forsøg", default=0)
    next_attempt_at = models.DateTimeField("næste forsøg", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("seneste HTTP-status", null=True, blank=True)
    last_error = models.TextField("seneste fejl", blank=True)
    delivered_at = models.DateTimeField("leveret", null=True, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-id"]
