"""Mutations on your webhook endpoints: each validates everything first and changes nothing when it fails.

Errors: UNAUTHENTICATED without a partner key, NOT_FOUND for an id that is not one of yours (another partner's
endpoint included), BAD_USER_INPUT with ``extensions.fields`` naming each invalid field and why.
"""

from datetime import timedelta

import graphene
from django.core.exceptions import ValidationError

from content_models.models import normalise_municipality_code

from ...webhooks import services
from ..core.errors import BadUserInput
from ..core.partner import partner_key
from .access import own_endpoint
from .types import (
    DeletedWebhookEndpoint,
    WebhookEndpoint,
    WebhookEndpointChanges,
    WebhookEndpointInput,
    WebhookEndpointWithSecret,
)

ENDPOINT_ID = graphene.ID(required=True, description="The endpoint's id.")


def _values(given: dict) -> dict:
    """Input fields as the model stores them: enum values, municipality codes as 3 digits."""
    values = {}
    for name, value in given.items():
        if name in ("kinds", "actions") and value is not None:
            value = [getattr(item, "value", item) for item in value]
        if name == "municipalities" and value is not None:
            value = [normalise_municipality_code(code) for code in value]
        values[name] = value
    return values


def _bad_input(error: ValidationError) -> BadUserInput:
    fields = error.message_dict if hasattr(error, "error_dict") else {"-": error.messages}
    message = "; ".join(f"{name}: {' '.join(messages)}" if name != "-" else " ".join(messages)
                        for name, messages in fields.items())
    return BadUserInput(message, fields=fields)


def _applied(write):
    try:
        return write()
    except ValidationError as error:
        raise _bad_input(error) from None


def resolve_create(root, info, input):
    key = partner_key(info)
    endpoint = _applied(lambda: services.create_endpoint(key.partner, key=key, **_values(dict(input))))
    return WebhookEndpointWithSecret(endpoint=endpoint, secret=endpoint.secret)


def resolve_update(root, info, id, input):
    endpoint = own_endpoint(info, id)
    return _applied(lambda: services.update_endpoint(endpoint, key=partner_key(info), **_values(dict(input))))


def resolve_pause(root, info, id):
    return services.set_active(own_endpoint(info, id), False, key=partner_key(info))


def resolve_resume(root, info, id):
    return services.set_active(own_endpoint(info, id), True, key=partner_key(info))


def resolve_rotate(root, info, id, overlap_hours=24):
    endpoint = own_endpoint(info, id)
    if not 0 <= overlap_hours <= services.MAX_OVERLAP_HOURS:
        raise BadUserInput(f"`overlapHours` must be between 0 and {services.MAX_OVERLAP_HOURS}, got {overlap_hours}.",
                           argument="overlapHours")
    rotated = services.rotate_secret(endpoint, overlap=timedelta(hours=overlap_hours), key=partner_key(info))
    return WebhookEndpointWithSecret(endpoint=rotated, secret=rotated.secret)


def resolve_delete(root, info, id):
    endpoint = own_endpoint(info, id)
    endpoint_id = endpoint.pk
    services.delete_endpoint(endpoint, key=partner_key(info))
    return DeletedWebhookEndpoint(id=endpoint_id)


create_webhook_endpoint = graphene.Field(
    WebhookEndpointWithSecret, required=True, input=WebhookEndpointInput(required=True),
    resolver=resolve_create,
    description="Register an endpoint. The answer holds its signing secret, once.",
)
update_webhook_endpoint = graphene.Field(
    WebhookEndpoint, required=True, id=ENDPOINT_ID, input=WebhookEndpointChanges(required=True),
    resolver=resolve_update, description="Change an endpoint's address or filters.",
)
pause_webhook_endpoint = graphene.Field(
    WebhookEndpoint, required=True, id=ENDPOINT_ID, resolver=resolve_pause,
    description="Pause an endpoint: nothing new is queued for it and queued deliveries wait.",
)
resume_webhook_endpoint = graphene.Field(
    WebhookEndpoint, required=True, id=ENDPOINT_ID, resolver=resolve_resume,
    description="Resume a paused endpoint: waiting deliveries are sent and new events queued again.",
)
rotate_webhook_secret = graphene.Field(
    WebhookEndpointWithSecret, required=True, id=ENDPOINT_ID,
    overlap_hours=graphene.Int(
        default_value=24,
        description=f"Hours (0-{services.MAX_OVERLAP_HOURS}, default 24) during which deliveries are signed with "
        "the old secret too, so your receiver can switch without failures; 0 ends the old one at once.",
    ),
    resolver=resolve_rotate,
    description="A new signing secret for an endpoint. The answer holds it, once.",
)
delete_webhook_endpoint = graphene.Field(
    DeletedWebhookEndpoint, required=True, id=ENDPOINT_ID, resolver=resolve_delete,
    description="Delete an endpoint and its deliveries (queued ones are not sent).",
)
