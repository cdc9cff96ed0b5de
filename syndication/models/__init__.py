from .digital_post import DigitalPostMessage, Subscription
from .partners import Partner, PartnerKey
from .persisted import PersistedQuery
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "DigitalPostMessage", "Partner", "PartnerKey", "PersistedQuery", "Subscription", "WebhookAttempt",
    "WebhookDelivery", "WebhookEndpoint",
]
