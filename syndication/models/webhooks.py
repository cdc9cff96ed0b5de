"""Webhooks: partner endpoints, the outbox of deliveries, and the log of attempts."""

import secrets
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cms import outbound
from content_models.kinds import registry
from content_models.models import Municipality, PublishingEvent, Topic

from ..webhooks.filters import filters_for
from .outbox import OutboxRow
from .partners import Partner

# Plain http is accepted only for a receiver on the same machine (tests, development).
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SECRET_PREFIX = "whsec_"


def generate_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def validate_secure_scheme(value: str) -> None:
    """https, or plain http to this machine (a receiver in tests and development)."""
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return
    raise ValidationError("Adressen skal bruge https (http kun til 127.0.0.1/localhost).", code="insecure_url")


def validate_endpoint_url(value: str) -> None:
    """A partner's receiver: https, and a public address (cms/outbound.py); delivery checks it again."""
    validate_secure_scheme(value)
    try:
        outbound.check_url(value)
    except outbound.UnsafeURL as unsafe:
        raise ValidationError(unsafe.danish, code="unsafe_url") from None
    except (OSError, UnicodeError):
        pass  # the name does not resolve (now, here): every delivery resolves and checks it again


def validate_kinds(value) -> None:
    _validate_subset(value, registry.codes(in_event_log=True), "indholdstype")


def validate_actions(value) -> None:
    _validate_subset(value, PublishingEvent.Action.values, "handling")


def validate_topics(value) -> None:
    _validate_subset(value, Topic.objects.filter(slug__in=value if isinstance(value, list) else []).values_list(
        "slug", flat=True), "emne")


def validate_municipalities(value) -> None:
    _validate_subset(value, Municipality.objects.filter(
        code__in=value if isinstance(value, list) else []).values_list("code", flat=True), "kommunekode")


def _validate_subset(value, allowed, noun) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Skal være en liste af navne.", code="invalid")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ValidationError(f"Ukendt {noun}: {', '.join(unknown)}", code="unknown")


class WebhookEndpoint(models.Model):
    """A partner's receiver and the events it subscribes to (empty lists mean everything)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="webhook_endpoints", verbose_name="partner"
    )
    url = models.URLField("adresse", max_length=500, validators=[validate_endpoint_url])
    # Stored as-is: it is needed to sign every delivery.
    secret = models.CharField(
        "signeringsnøgle", max_length=100, default=generate_secret,
        help_text="Partneren bruger nøglen til at kontrollere X-Portal-Signature.",
    )
    kinds = models.JSONField(
        "indholdstyper", default=list, blank=True, validators=[validate_kinds], help_text="Tom: alle indholdstyper."
    )
    actions = models.JSONField(
        "handlinger", default=list, blank=True, validators=[validate_actions], help_text="Tom: alle handlinger."
    )
    topics = models.JSONField(
        "emner", default=list, blank=True, validators=[validate_topics],
        help_text="Kun indhold i disse emner eller deres underemner. Tom: alle emner.",
    )
    municipalities = models.JSONField(
        "kommuner", default=list, blank=True, validators=[validate_municipalities],
        help_text="Kun ændringer, der har betydning for disse kommuner: nationalt indhold og deres egne og "
        "regionens lokale varianter. Tom: alle kommuner.",
    )
    is_active = models.BooleanField("aktiv", default=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    # After a rotation through the API the old secret signs too, until this time (both signatures are sent).
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["partner__name", "url"]
        verbose_name = "webhook"
        verbose_name_plural = "webhooks"

    def __str__(self):
        return f"{self.partner} → {self.url}"

    def wants(self, event) -> bool:
        return filters_for([self])[self.pk].matches(event)

    def signing_secrets(self, now=None) -> list[str]:
        """The secrets a delivery is signed with: the current one, and the previous one while it overlaps."""
        now = now or timezone.now()
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            return [self.secret, self.previous_secret]
        return [self.secret]


class WebhookDelivery(OutboxRow):
    """One event for one endpoint: the outbox row the dispatcher sends until delivered or dead."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name="webhook"
    )
    event = models.ForeignKey(
        PublishingEvent, on_delete=models.PROTECT, related_name="+", verbose_name="hændelse"
    )
    # uuid5(endpoint id, event sequence): the same delivery however often the consumer re-reads the event.
    idempotency_key = models.UUIDField("idempotensnøgle", unique=True, editable=False)
    payload = models.JSONField("indhold")
    # status, attempts, next_attempt_at, last_status_code, last_error, delivered_at, created_at: OutboxRow

    class Meta(OutboxRow.Meta):
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]
        verbose_name = "webhook-levering"
        verbose_name_plural = "webhook-leveringer"

    def __str__(self):
        return f"{self.payload.get('kind')}.{self.payload.get('action')} {self.payload.get('slug')} → {self.endpoint.url}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, successful or not."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name="levering"
    )
    attempted_at = models.DateTimeField("tidspunkt")
    status_code = models.PositiveSmallIntegerField("HTTP-status", null=True, blank=True)
    error = models.TextField("fejl", blank=True)
    duration_ms = models.PositiveIntegerField("varighed (ms)", default=0)

    class Meta:
        ordering = ["attempted_at", "id"]
        verbose_name = "leveringsforsøg"
        verbose_name_plural = "leveringsforsøg"

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error[:40]}"
