"""Digital Post: subscriptions of citizens and businesses, and the outbox of MeMo messages.

Neither table holds a CPR number in the clear: the number is Fernet-encrypted (for delivery) beside
a keyed hash (for lookup, dedupe and erasure); a message's MeMo XML, which names the recipient, is
encrypted as a whole. See syndication/digital_post/crypto.py.
"""

from django.db import models
from django.utils import timezone
from django.db.models import Q

from content_models.models import GuidePage, PublishingEvent, Standard, Topic
from syndication.digital_post.identity import KIND_CHOICES

from .outbox import OutboxRow

HASH_LENGTH = 64  # hex HMAC-SHA256


class Frequency(models.TextChoices):
    """How often a subscriber hears about changes: each at once, or one digest a day or a week."""

    IMMEDIATE = "immediate", "Med det samme"
    DAILY = "daily", "Én samlet besked om dagen"
    WEEKLY = "weekly", "Én samlet besked om ugen"


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
    frequency = models.CharField("hyppighed", max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE)

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


class DigestItem(models.Model):
    """One change waiting for a subscriber's daily or weekly digest (syndication/digital_post/digests.py).

    It carries what the digest needs (the recipient's encrypted number included), so a withdrawal notice
    outlives the subscription its deleted item took with it. ``digest_uuid`` is set, in the same transaction
    as the digest's outbox row, when the item went into a digest.
    """

    class Change(models.TextChoices):
        CHANGED = "changed", "Væsentlig ændring"
        WITHDRAWN = "withdrawn", "Fjernet fra portalen"

    event = models.ForeignKey(PublishingEvent, on_delete=models.PROTECT, related_name="+", verbose_name="hændelse")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="digest_items",
    )
    frequency = models.CharField("hyppighed", max_length=16, choices=Frequency.choices)
    recipient_kind = models.CharField("modtagertype", max_length=3, choices=KIND_CHOICES)
    recipient_hash = models.CharField("nøglet hash", max_length=HASH_LENGTH, db_index=True, editable=False)
    recipient_encrypted = models.TextField("krypteret nummer", editable=False)
    change = models.CharField("ændring", max_length=16, choices=Change.choices)
    content_kind = models.CharField("indholdstype", max_length=32)
    content_id = models.CharField("id", max_length=64)
    title = models.CharField("titel", max_length=255)
    url = models.CharField("adresse", max_length=500, blank=True)
    reason = models.CharField("abonnement", max_length=300)
    created_at = models.DateTimeField("i kø siden", default=timezone.now)
    digest_uuid = models.UUIDField("sendt i besked", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient_hash"], name="digital_post_digest_item_once"),
        ]
        indexes = [models.Index(fields=["frequency", "digest_uuid", "created_at"], name="digital_post_digest_due")]
        verbose_name = "ændring til samlet besked"
        verbose_name_plural = "ændringer til samlede beskeder"


class PendingWithdrawal(models.Model):
    """A direct subscription to a guide or standard that is being deleted, kept (encrypted) until the
    "digital-post" consumer reads the deletion event and tells the subscriber; the subscription itself goes
    with the item (CASCADE)."""

    content_kind = models.CharField(max_length=32)
    content_id = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    subscription_id = models.BigIntegerField()  # the deleted subscription's id: it keys the message UUID
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    subscriber_kind = models.CharField(max_length=3, choices=KIND_CHOICES)
    subscriber_hash = models.CharField(max_length=HASH_LENGTH, db_index=True)
    subscriber_encrypted = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["content_kind", "content_id"], name="digital_post_withdrawal_item")]
