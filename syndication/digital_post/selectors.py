"""Reads: a subscriber's subscriptions, what one can follow, the item an event is about, and who must hear
about it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from wagtail.models import Revision

from content_models.kinds import registry
from content_models.models import GuidePage, PublishingEvent, Standard, Topic

from ..models import Subscription
from . import crypto
from .identity import Subscriber

# What one can follow, by the name of its Subscription field.
TARGET_KINDS = registry.codes(followable=True)


def subscriber_hash(subscriber: Subscriber) -> str:
    if not isinstance(subscriber, Subscriber):
        raise TypeError("expected a Subscriber (syndication.digital_post.identity)")
    return crypto.keyed_hash(subscriber.kind, subscriber.number)


def target_field(target) -> str:
    """The Subscription field for a followable item: its kind (TARGET_KINDS)."""
    kind = registry.for_model(type(target))
    if kind is None or not kind.followable:
        raise ValidationError("Man kan kun abonnere på vejledninger, emner og standarder.", code="target")
    return kind.code


def target(kind: str, pk: int, *, live: bool = True) -> GuidePage | Topic | Standard | None:
    """The followable item of this kind and id; ``live`` ones only unless told (one unfollows anything).
    None for an unknown kind or id."""
    if kind not in TARGET_KINDS:
        return None
    model = registry.get(kind).model
    queryset = model.objects.all()
    if live and any(field.name == "live" for field in model._meta.fields):
        queryset = queryset.filter(live=True)  # topics have no draft state
    return queryset.filter(pk=pk).first()


def subscriptions_for(subscriber: Subscriber) -> QuerySet:
    """The subscriber's subscriptions, oldest first, with their targets loaded."""
    return Subscription.objects.filter(subscriber_hash=subscriber_hash(subscriber)).select_related(
        "guide", "topic", "standard"
    )


def is_subscribed(subscriber: Subscriber, target) -> bool:
    lookup = {"subscriber_hash": subscriber_hash(subscriber), target_field(target): target}
    return Subscription.objects.filter(**lookup).exists()


@dataclass(frozen=True)
class Item:
    """The published item an event is about, as its revision had it."""

    kind: str
    pk: int
    identifier: str
    title: str
    url: str
    topic_ids: tuple[int, ...] = ()

    @property
    def kind_label(self) -> str:
        return registry.get(self.kind).definite


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _published_object(event: PublishingEvent, model):
    """The object as the event's revision published it (title, topics), else as it is now."""
    revision_id = event.details.get("revision")
    revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
    if revision is not None:
        return revision.as_object()
    return model.objects.filter(pk=event.object_id).first()


def item_for(event: PublishingEvent) -> Item | None:
    """None when the event's item is gone (deleted since) or of a kind nobody subscribes to."""
    if event.kind == "guide":
        live = GuidePage.objects.filter(pk=event.object_id).first()
        guide = live and _published_object(event, GuidePage)
        if guide is None:
            return None
        _, _, path = live.get_url_parts() or (None, None, None)
        url = _base_url() + (path or f"/{live.slug}/")
        return Item("guide", live.pk, event.identifier, guide.title, url, tuple(t.pk for t in guide.topics.all()))
    if event.kind == "standard":
        live = Standard.objects.filter(pk=event.object_id).first()
        standard = live and _published_object(event, Standard)
        if standard is None:
            return None
        # Where the citizen site shows a standard; guides use their Wagtail page path.
        url = _base_url() + reverse("frontend:standard", args=[live.identifier])
        return Item("standard", live.pk, event.identifier, standard.title, url)
    return None


def with_ancestors(topic_ids) -> dict[int, str]:
    """The topics and all their ancestors: {id: title}. One query for the whole (small) topic tree."""
    tree = {pk: (title, parent) for pk, title, parent in Topic.objects.values_list("pk", "title", "parent_id")}
    found = {}
    for pk in topic_ids:
        while pk is not None and pk in tree and pk not in found:
            title, parent = tree[pk]
            found[pk] = title
            pk = parent
    return found


@dataclass(frozen=True)
class Recipient:
    subscription_id: int
    kind: str
    hash: str
    encrypted: str
    reason: str  # what they subscribed to, for the message text
    frequency: str = "immediate"  # Subscription.frequency of the subscription that matched


_COLUMNS = ("pk", "subscriber_kind", "subscriber_hash", "subscriber_encrypted", "frequency")


def direct_reason(kind: str, title: str) -> str:
    return f"{'standarden' if kind == 'standard' else 'vejledningen'} »{title}«"


def _direct_rows(kind: str, pk: int, title: str) -> list:
    field = "standard_id" if kind == "standard" else "guide_id"
    return [(row, direct_reason(kind, title)) for row in
            Subscription.objects.filter(**{field: pk}).order_by("pk").values_list(*_COLUMNS)]


def _deduplicated(rows) -> list[Recipient]:
    recipients: dict[str, Recipient] = {}
    for (pk, kind, hash_, encrypted, frequency), reason in rows:
        recipients.setdefault(hash_, Recipient(pk, kind, hash_, encrypted, reason, frequency))
    return list(recipients.values())


def recipients_for(item: Item) -> list[Recipient]:
    """One entry per subscriber: a direct subscription wins over topic ones, then the lowest subscription id."""
    rows = _direct_rows(item.kind, item.pk, item.title)
    if item.kind != "standard":
        topics = with_ancestors(item.topic_ids)
        if topics:
            topic_rows = Subscription.objects.filter(topic_id__in=topics).order_by("pk").values_list(
                *_COLUMNS, "topic_id"
            )
            rows += [(row[:5], f"emnet »{topics[row[5]]}«") for row in topic_rows]
    return _deduplicated(rows)


def direct_recipients(kind: str, pk: int, title: str) -> list[Recipient]:
    """The subscribers who follow this guide or standard itself (a withdrawal is news only to them)."""
    return _deduplicated(_direct_rows(kind, pk, title))


def subscriptions_page_url() -> str:
    return _base_url() + reverse("frontend:subscriptions")


def frequency_for(subscriber: Subscriber) -> str:
    """How often the subscriber hears from us: their subscriptions' frequency (immediate when they have none)."""
    found = Subscription.objects.filter(subscriber_hash=subscriber_hash(subscriber)).values_list("frequency", flat=True)
    return found.first() or "immediate"
