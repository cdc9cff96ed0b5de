"""Followed guides and standards that leave the portal: the subscribers are told once (outbox.py).

A deletion takes the subscriptions with it (CASCADE), so just before it happens ``snapshot`` keeps the direct
subscribers (encrypted, as the subscriptions held them) in the same transaction as the deletion and its event.
The "digital-post" consumer reads them when it reaches the deletion event and ``after_notice`` removes them,
in the consumer's transaction: the notice is queued once, and nothing of the subscriber is kept after it.
"""

from django.db.models.signals import pre_delete

from content_models.kinds import registry

from ..models import DigestItem, PendingWithdrawal, Subscription
from .selectors import target_field


def snapshot(sender, instance, **kwargs) -> None:
    kind = target_field(instance)
    rows = Subscription.objects.filter(**{f"{kind}_id": instance.pk}).values_list(
        "pk", "frequency", "subscriber_kind", "subscriber_hash", "subscriber_encrypted"
    )
    PendingWithdrawal.objects.bulk_create([
        PendingWithdrawal(content_kind=kind, content_id=str(instance.pk), title=instance.title[:255],
                          subscription_id=pk, frequency=frequency, subscriber_kind=subscriber_kind,
                          subscriber_hash=subscriber_hash, subscriber_encrypted=encrypted)
        for pk, frequency, subscriber_kind, subscriber_hash, encrypted in rows
    ])


def after_notice(event) -> None:
    """The withdrawal is queued: drop the snapshot and any waiting digest line saying the item changed."""
    if event.action == event.Action.DELETED:  # an unpublish first (Wagtail's delete does that) keeps it
        PendingWithdrawal.objects.filter(content_kind=event.kind, content_id=event.object_id).delete()
    DigestItem.objects.filter(
        content_kind=event.kind, content_id=event.object_id, change=DigestItem.Change.CHANGED, digest_uuid__isnull=True,
    ).delete()


def connect() -> None:
    for code in registry.codes(notifiable=True):  # guides and standards
        pre_delete.connect(snapshot, sender=registry.get(code).model, dispatch_uid=f"digital_post.withdrawal.{code}")
