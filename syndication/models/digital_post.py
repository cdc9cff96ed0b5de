"""Digital Post: subscriptions of citizens and businesses, and the outbox of MeMo messages.

Neither table holds a CPR number in the clear: the number is Fernet-encrypted (for delivery) beside
a keyed hash (for lookup, dedupe and erasure); a message's MeMo XML, which names the recipient, is
encrypted as a whole. See syndication/digital_post/crypto.py.
"""

from django.db import models
from django.db.models import Q

from content_models.models import GuidePage, PublishingEvent, Standard, Topic
from syndication.digital_post.identity import KIND_CHOICES

from .outbox import OutboxRow

HASH_LENGTH = 64  # hex HMAC-SHA256


class Subscription(models.Model):
    """One subscriber following one guide, topic (with its subtopics) or standard."""

    subscriber_kind = models.CharField("abonnenttype", max_length=3, choices=KIND_CHOICES)
    subscriber_hash = models.CharField("nøglet hash", max_length=HASH_LENGTH, db_index=True, editable=False)
    subscriber_encrypted = models.TextField("krypteret nummer", editable=False)
    guide = models.ForeignKey(
        GuidePage, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="vejledning"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="emne"
    )
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="standard"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="digital_post_subscription_one_target",
                condition=(
                    Q(guide__isnull=False, topic__isnull=True, standard__isnull=True)
                    | Q(guide__isnull=True, topic__isnull=False, standard__isnull=True)
                    | Q(guide__isnull=True, topic__isnull=True, standard__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["subscriber_hash", "guide"], condition=Q(guide__isnull=False),
                name="digital_post_subscription_unique_guide",
            ),
            models.UniqueConstraint(
                fields=["subscriber_hash", "topic"], condition=Q(topic__isnull=False),
                name="digital_post_subscription_unique_topic",
            ),
            models.UniqueConstraint(
                fields=["subscriber_hash", "standard"], condition=Q(standard__isnull=False),
                name="digital_post_subscription_unique_standard",
            ),
        ]
        verbose_name = "abonnement på Digital Post"
        verbose_name_plural = "abonnementer på Digital Post"

    def __str__(self):
        # Never the number: this string shows up in the admin and in logs.
        return f"{self.get_subscriber_kind_display()} → {self.target}"

    @property
    def target(self):
        return self.guide or self.topic or self.standard


class DigitalPostMessage(OutboxRow):
    """One MeMo message for one recipient about one major update: the outbox row the dispatcher sends."""

    # uuid5(subscription, event sequence) with the version set to 4 (MeMo's pattern): the same message however
    # often the consumer re-reads the event; the backend uses it to recognise a message it already has.
    uuid = models.UUIDField("besked-UUID", unique=True, editable=False)
    event = models.ForeignKey(PublishingEvent, on_delete=models.PROTECT, related_name="+", verbose_name="hændelse")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages",
        verbose_name="abonnement",
    )
    recipient_kind = models.CharField("modtagertype", max_length=3, choices=KIND_CHOICES)
    recipient_hash = models.CharField("nøglet hash", max_length=HASH_LENGTH, db_index=True, editable=False)
    content_kind = models.CharField("indholdstype", max_length=32)
    content_identifier = models.CharField("identifikator", max_length=255)
    title = models.CharField("titel", max_length=255)
    payload = models.TextField("krypteret MeMo-besked", editable=False)
    # status, attempts, next_attempt_at, last_status_code, last_error, delivered_at, created_at: OutboxRow
    # Who holds the current attempt: set when a dispatcher claims the row, so only that claim may reschedule it.
    claim = models.UUIDField(null=True, blank=True, editable=False)

    class Meta(OutboxRow.Meta):
        constraints = [
            # One message per recipient and event, whichever of their subscriptions matched.
            models.UniqueConstraint(fields=["event", "recipient_hash"], name="digital_post_message_once_per_event"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="digital_post_message_due")]
        verbose_name = "Digital Post-besked"
        verbose_name_plural = "Digital Post-beskeder"

    def __str__(self):
        return self.title
