"""Reads of a partner's own webhook endpoints and their deliveries (the partner's API)."""

from django.db.models import QuerySet

from ..models import Partner, WebhookDelivery, WebhookEndpoint

MAX_RECENT = 100


def endpoints_of(partner: Partner) -> QuerySet:
    return WebhookEndpoint.objects.filter(partner=partner).order_by("created_at", "id")


def endpoint_of(partner: Partner, endpoint_id) -> WebhookEndpoint | None:
    """The partner's endpoint with this id; None for an unknown id or another partner's endpoint."""
    try:
        pk = int(str(endpoint_id).strip())
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:  # beyond the database's integers: no such row
        return None
    return endpoints_of(partner).filter(pk=pk).first()


def recent_deliveries(endpoint: WebhookEndpoint, first: int) -> list[WebhookDelivery]:
    """The endpoint's newest deliveries, newest first."""
    return list(endpoint.deliveries.order_by("-id")[:first])
