"""Writes for Digital Post subscriptions: subscribe, unsubscribe, and erasing a subscriber's data.

Callers pass a validated ``Subscriber`` (identity.py); an invalid CPR or CVR number fails when the Subscriber
is made, with a ValidationError in Danish, before anything is stored. The citizen pages (frontend/views/
subscriptions.py) make it with ``Subscriber.from_citizen(current_citizen(request))``: the signed-in citizen's
number comes from their session, encrypted, never from a form.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from ..models import DigestItem, DigitalPostMessage, Frequency, PendingWithdrawal, Subscription
from . import crypto
from .identity import CPR, Subscriber
from .selectors import subscriber_hash as _hash
from .selectors import subscriptions_for
from .selectors import target_field as _target_field

__all__ = ["delete_subscriber_data", "set_frequency", "subscribe", "subscriptions_for", "unsubscribe"]

Status = DigitalPostMessage.Status


def subscribe(subscriber: Subscriber, target) -> Subscription:
    """Follow a guide, topic or standard; subscribing twice returns the existing subscription."""
    field = _target_field(target)
    if target.pk is None:
        raise ValidationError("Emnet findes ikke.", code="target")
    subscriber_hash = _hash(subscriber)
    lookup = {"subscriber_hash": subscriber_hash, field: target}
    existing = Subscription.objects.filter(**lookup).first()
    if existing:
        return existing
    # A new subscription comes as often as the subscriber's others (their choice on /mine-abonnementer/).
    frequency = Subscription.objects.filter(subscriber_hash=subscriber_hash).values_list("frequency", flat=True).first()
    try:
        with transaction.atomic():
            return Subscription.objects.create(
                subscriber_kind=subscriber.kind,
                subscriber_encrypted=crypto.encrypt(subscriber.number.encode("ascii")),
                frequency=frequency or Frequency.IMMEDIATE,
                **lookup,
            )
    except IntegrityError:
        # A concurrent request subscribed the same target first.
        return Subscription.objects.get(**lookup)


@transaction.atomic
def unsubscribe(subscriber: Subscriber, target) -> bool:
    """Stop following ``target``; messages not yet sent because of it are dropped. False if not subscribed."""
    subscriptions = Subscription.objects.filter(subscriber_hash=_hash(subscriber), **{_target_field(target): target})
    DigitalPostMessage.objects.filter(subscription__in=subscriptions, status=Status.PENDING).delete()
    DigestItem.objects.filter(subscription__in=subscriptions, digest_uuid__isnull=True).delete()
    deleted, _ = subscriptions.delete()
    return bool(deleted)


@transaction.atomic
def delete_subscriber_data(subscriber: Subscriber | str) -> dict[str, int]:
    """Right to erasure: remove every subscription and unsent message of a subscriber (a CPR string works too).

    Delivered messages lose their recipient: the encrypted MeMo body and the hash are blanked, and what is
    left (UUID, title, when) records that a message went out without saying to whom.
    """
    if isinstance(subscriber, str):
        subscriber = Subscriber(CPR, subscriber)
    subscriber_hash = _hash(subscriber)
    messages = DigitalPostMessage.objects.filter(recipient_hash=subscriber_hash)
    removed_messages, _ = messages.exclude(status=Status.DELIVERED).delete()
    # A distinct placeholder per row: (event, recipient_hash) is unique.
    erased = Concat(Value("slettet-"), Cast("pk", CharField()))
    scrubbed = messages.update(payload="", recipient_hash=erased, subscription=None)
    DigestItem.objects.filter(recipient_hash=subscriber_hash).delete()
    PendingWithdrawal.objects.filter(subscriber_hash=subscriber_hash).delete()
    removed_subscriptions, _ = Subscription.objects.filter(subscriber_hash=subscriber_hash).delete()
    return {"subscriptions": removed_subscriptions, "messages": removed_messages, "scrubbed": scrubbed}


@transaction.atomic
def set_frequency(subscriber: Subscriber, frequency: str) -> int:
    """Immediate, daily or weekly for all the subscriber's subscriptions; changes already waiting for a digest
    keep their period. Returns how many subscriptions changed. ValidationError for an unknown frequency."""
    if frequency not in Frequency.values:
        raise ValidationError("Vælg med det samme, dagligt eller ugentligt.", code="frequency")
    return Subscription.objects.filter(subscriber_hash=_hash(subscriber)).exclude(frequency=frequency).update(
        frequency=frequency
    )
