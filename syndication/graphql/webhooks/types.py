"""A partner's own webhook endpoints and their deliveries, as the partner's API key sees them."""

import graphene

from ...models import WebhookDelivery as DeliveryModel
from ...webhooks import selectors
from ..changes.types import ChangeAction, ChangeKind
from ..core.errors import BadUserInput


class WebhookDeliveryStatus(graphene.Enum):
    """Where a delivery stands."""

    PENDING = DeliveryModel.Status.PENDING.value
    DELIVERED = DeliveryModel.Status.DELIVERED.value
    DEAD = DeliveryModel.Status.DEAD.value

    @property
    def description(self):
        return {
            "pending": "Waiting for its first or next attempt.",
            "delivered": "Your endpoint answered 2xx.",
            "dead": "Every attempt failed; the portal gave up.",
        }[self.value]


class WebhookDelivery(graphene.ObjectType):
    """One event sent (or to be sent) to one endpoint."""

    id = graphene.ID(required=True, description="The idempotency key: the X-Portal-Delivery header and the body's id.")
    sequence = graphene.Int(required=True, description="The event's position in the change feed.")
    kind = graphene.Field(ChangeKind, required=True, description="The kind of item.")
    slug = graphene.String(required=True, description="The item's identifier, as in the change feed.")
    action = graphene.Field(ChangeAction, required=True, description="What happened to the item.")
    status = graphene.Field(WebhookDeliveryStatus, required=True, description="Where the delivery stands.")
    attempts = graphene.Int(required=True, description="Attempts so far in the current series.")
    last_status_code = graphene.Int(description="HTTP status of the last attempt; null when there was no answer.")
    last_error = graphene.String(description="What went wrong in the last attempt (at most 500 characters).")
    created_at = graphene.DateTime(required=True, description="When the delivery was queued.")
    delivered_at = graphene.DateTime(description="When your endpoint acknowledged it.")
    next_attempt_at = graphene.DateTime(description="When the next attempt is due, while pending.")

    @staticmethod
    def resolve_id(delivery, info):
        return str(delivery.idempotency_key)

    @staticmethod
    def resolve_sequence(delivery, info):
        return delivery.payload["sequence"]

    @staticmethod
    def resolve_kind(delivery, info):
        return delivery.payload["kind"]

    @staticmethod
    def resolve_slug(delivery, info):
        return delivery.payload["slug"]

    @staticmethod
    def resolve_action(delivery, info):
        return delivery.payload["action"]

    @staticmethod
    def resolve_last_error(delivery, info):
        return delivery.last_error or None


class WebhookEndpoint(graphene.ObjectType):
    """One of your endpoints: where the portal POSTs signed notices of changes, and which ones.

    Each filter left empty means everything; filters combine with AND."""

    id = graphene.ID(required=True, description="The endpoint's id.")
    url = graphene.String(required=True, description="Where deliveries are POSTed (https).")
    kinds = graphene.List(graphene.NonNull(ChangeKind), required=True, description="Only these kinds.")
    actions = graphene.List(graphene.NonNull(ChangeAction), required=True, description="Only these actions.")
    topics = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="Only items in these topics (slugs) or their subtopics; local variants count as their item.",
    )
    municipalities = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="Only changes that matter to these municipalities (codes): national items, and local variants "
        "written for one of them or for its region.",
    )
    active = graphene.Boolean(required=True, description="False while paused: nothing new is queued.")
    created_at = graphene.DateTime(required=True, description="When the endpoint was registered.")
    previous_secret_valid_until = graphene.DateTime(
        description="After a rotation with an overlap: until then deliveries carry a signature with the old secret "
        "too."
    )
    recent_deliveries = graphene.List(
        graphene.NonNull(WebhookDelivery),
        required=True,
        first=graphene.Int(default_value=20, description=f"How many, 1-{selectors.MAX_RECENT} (default 20)."),
        description="The newest deliveries to this endpoint, newest first.",
    )

    @staticmethod
    def resolve_active(endpoint, info):
        return endpoint.is_active

    @staticmethod
    def resolve_previous_secret_valid_until(endpoint, info):
        return endpoint.previous_secret_expires_at if len(endpoint.signing_secrets()) > 1 else None

    @staticmethod
    def resolve_recent_deliveries(endpoint, info, first=20):
        if not 1 <= first <= selectors.MAX_RECENT:
            raise BadUserInput(f"`first` must be between 1 and {selectors.MAX_RECENT}, got {first}.", argument="first")
        return selectors.recent_deliveries(endpoint, first)


class WebhookEndpointWithSecret(graphene.ObjectType):
    """An endpoint with its signing secret: only ever in the answer that created or rotated it."""

    endpoint = graphene.Field(WebhookEndpoint, required=True, description="The endpoint.")
    secret = graphene.String(
        required=True, description="The signing secret (whsec_...). Store it now: the API does not show it again."
    )


class DeletedWebhookEndpoint(graphene.ObjectType):
    """What was deleted."""

    id = graphene.ID(required=True, description="The deleted endpoint's id.")


def _filters(**fields):
    return {
        "kinds": graphene.List(graphene.NonNull(ChangeKind), description="Only these kinds; empty or left out: all."),
        "actions": graphene.List(graphene.NonNull(ChangeAction), description="Only these actions; empty: all."),
        "topics": graphene.List(
            graphene.NonNull(graphene.String), description="Only items in these topics (slugs); empty: all."
        ),
        "municipalities": graphene.List(
            graphene.NonNull(graphene.String), description="Only what matters to these municipalities; empty: all."
        ),
        **fields,
    }


WebhookEndpointInput = type(
    "WebhookEndpointInput",
    (graphene.InputObjectType,),
    {
        "__doc__": "A new endpoint: its address and filters.",
        **_filters(url=graphene.String(required=True, description="An https URL that accepts POST.")),
    },
)
WebhookEndpointChanges = type(
    "WebhookEndpointChanges",
    (graphene.InputObjectType,),
    {
        "__doc__": "Changes to an endpoint: fields left out stay as they are; an empty list means all.",
        **_filters(url=graphene.String(description="A new https URL.")),
    },
)
