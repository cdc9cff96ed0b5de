"""Your webhook endpoints (queries) and managing them (mutations), with your partner API key."""

import graphene

from ...webhooks import selectors
from ..core.partner import partner_key
from . import mutations
from .access import own_endpoint
from .types import WebhookEndpoint


class WebhookQuery(graphene.ObjectType):
    webhook_endpoints = graphene.List(
        graphene.NonNull(WebhookEndpoint), required=True,
        description="Your webhook endpoints (needs your partner API key).",
    )
    webhook_endpoint = graphene.Field(
        WebhookEndpoint, id=graphene.ID(required=True, description="The endpoint's id."),
        description="One of your webhook endpoints (needs your partner API key).",
    )

    @staticmethod
    def resolve_webhook_endpoints(root, info):
        return selectors.endpoints_of(partner_key(info).partner)

    @staticmethod
    def resolve_webhook_endpoint(root, info, id):
        return own_endpoint(info, id)


class WebhookMutation(graphene.ObjectType):
    create_webhook_endpoint = mutations.create_webhook_endpoint
    update_webhook_endpoint = mutations.update_webhook_endpoint
    pause_webhook_endpoint = mutations.pause_webhook_endpoint
    resume_webhook_endpoint = mutations.resume_webhook_endpoint
    rotate_webhook_secret = mutations.rotate_webhook_secret
    delete_webhook_endpoint = mutations.delete_webhook_endpoint
