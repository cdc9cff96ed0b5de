"""Webhooks: the outbox consumer, the dispatcher, and request signing."""
