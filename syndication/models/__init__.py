from .partners import Partner, PartnerKey
from .persisted import PersistedQuery
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = ["Partner", "PartnerKey", "PersistedQuery", "WebhookAttempt", "WebhookDelivery", "WebhookEndpoint"]
