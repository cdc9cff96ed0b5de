"""Writes on a partner's webhook endpoints: what the admin and the partner's own API calls do.

Every write validates the whole endpoint (the model's validators: the address through
``validate_endpoint_url``, the filters against the kind registry, topics and municipalities) and saves it in one
transaction, or raises ValidationError and changes nothing. API calls are written to the endpoint's history.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Partner, PartnerKey, WebhookEndpoint
from ..models.webhooks import generate_secret

FILTERS = ("kinds", "actions", "topics", "municipalities")
MAX_OVERLAP_HOURS = 72


def max_endpoints() -> int:
    return getattr(settings, "WEBHOOK_MAX_ENDPOINTS_PER_PARTNER", 10)


def _audit(endpoint: WebhookEndpoint, action: str, key: PartnerKey | None, **data) -> None:
    # The key's prefix says which of the partner's keys did it; the key itself is never stored.
    log(instance=endpoint, action=action, user=None, data={"via": "api", "key": key and key.prefix, **data})


def _save(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint.full_clean(exclude=["partner"])
    endpoint.save()
    return endpoint


@transaction.atomic
def create_endpoint(partner: Partner, *, url: str, key: PartnerKey | None = None, **filters) -> WebhookEndpoint:
    # Counted under a lock on the partner, so two parallel calls cannot both pass the limit.
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    if partner.webhook_endpoints.count() >= max_endpoints():
        raise ValidationError(
            f"A partner may have at most {max_endpoints()} webhook endpoints; delete one first.", code="limit"
        )
    endpoint = _save(WebhookEndpoint(partner=partner, url=url, **{name: filters.get(name) or [] for name in FILTERS}))
    _audit(endpoint, "wagtail.create", key)
    return endpoint


@transaction.atomic
def update_endpoint(endpoint: WebhookEndpoint, *, key: PartnerKey | None = None, **changes) -> WebhookEndpoint:
    """Change the address and/or filters; a filter given as [] means everything, one left out stays as it is."""
    for name, value in changes.items():
        if name not in ("url", *FILTERS):
            raise ValueError(f"not a field of an endpoint: {name}")
        if value is not None:
            setattr(endpoint, name, value)
    _save(endpoint)
    _audit(endpoint, "wagtail.edit", key, fields=sorted(name for name, value in changes.items() if value is not None))
    return endpoint


@transaction.atomic
def set_active(endpoint: WebhookEndpoint, active: bool, *, key: PartnerKey | None = None) -> WebhookEndpoint:
    """Pause (nothing new is queued, queued deliveries wait) or resume an endpoint."""
    if endpoint.is_active != active:
        endpoint.is_active = active
        endpoint.save(update_fields=["is_active"])
        _audit(endpoint, "wagtail.edit", key, active=active)
    return endpoint


@transaction.atomic
def rotate_secret(
    endpoint: WebhookEndpoint, *, overlap: timedelta = timedelta(0), key: PartnerKey | None = None
) -> WebhookEndpoint:
    """A new signing secret; with ``overlap`` the old one keeps signing too until then, so receivers can switch."""
    if not timedelta(0) <= overlap <= timedelta(hours=MAX_OVERLAP_HOURS):
        raise ValidationError(f"The overlap must be 0 to {MAX_OVERLAP_HOURS} hours.", code="overlap")
    endpoint.previous_secret = endpoint.secret if overlap else ""
    endpoint.previous_secret_expires_at = timezone.now() + overlap if overlap else None
    endpoint.secret = generate_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    _audit(endpoint, "wagtail.edit", key, rotated_secret=True, overlap_hours=overlap.total_seconds() / 3600)
    return endpoint


@transaction.atomic
def delete_endpoint(endpoint: WebhookEndpoint, *, key: PartnerKey | None = None) -> None:
    """Delete the endpoint with its deliveries (queued ones are not sent)."""
    _audit(endpoint, "wagtail.delete", key)
    endpoint.delete()
