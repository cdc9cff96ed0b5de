from .deprecations import DeprecatedFieldUsage, DeprecationNotice
from .digital_post import DigestItem, DigitalPostMessage, Frequency, PendingWithdrawal, Subscription
from .partners import Partner, PartnerKey
from .persisted import PersistedQuery
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "DeprecatedFieldUsage", "DeprecationNotice",
    "DigestItem", "DigitalPostMessage", "Frequency", "Partner", "PendingWithdrawal", "PartnerKey", "PersistedQuery", "Subscription", "WebhookAttempt",
    "WebhookDelivery", "WebhookEndpoint",
]
