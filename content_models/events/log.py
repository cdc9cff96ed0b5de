"""Appending to the publishing event log (the only writer of PublishingEvent rows)."""

import logging

from django.db import connection, transaction
from django.db.models import Max

from ..kinds import registry
from ..models import PublishingEvent
from .kinds import EventSubject, dependents_of, subject_of

logger = logging.getLogger(__name__)

Action = PublishingEvent.Action
# Any constant works; it names the one advisory lock that orders appends on PostgreSQL.
_APPEND_LOCK_KEY = 0x5042_4C4F_47  # "PBLOG"


def head() -> int:
    """The newest sequence in the log (0 when empty): the content version every cache and rebuild keys on."""
    return PublishingEvent.objects.aggregate(head=Max("sequence"))["head"] or 0


def _serialise_appends():
    """Make sequence order equal commit order.

    Without this, on PostgreSQL a transaction holding sequence 10 could commit
    after one holding 11, and a consumer that already moved its cursor past 11
    would never see 10. The lock is held until the transaction ends. SQLite
    serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK_KEY])


def _last_event(subject: EventSubject) -> PublishingEvent | None:
    return (
        PublishingEvent.objects.filter(kind=subject.kind, object_id=subject.object_id)
        .order_by("-sequence")
        .first()
    )


def _details(subject: EventSubject, details) -> dict:
    details = dict(details or {})
    if subject.topics:
        details["topics"] = list(subject.topics)
    return details


def _append(subject: EventSubject, action: str, identifier: str | None = None, details=None) -> PublishingEvent:
    details = _details(subject, details)
    return PublishingEvent.objects.create(
        kind=subject.kind,
        identifier=identifier or subject.identifier,
        object_id=subject.object_id,
        locale=subject.locale,
        action=action,
        details=details,
    )


def record(
    instance, action: str, details: dict | None = None, subject: EventSubject | None = None
) -> PublishingEvent | None:
    """Append the event for ``instance``; must run in the transaction that made the change."""
    subject = subject or subject_of(instance)
    if subject is None:
        return None
    if not connection.in_atomic_block:
        logger.warning("publishing event for %s %s appended outside a transaction", subject.kind, subject.identifier)
    with transaction.atomic():
        _serialise_appends()
        last = _last_event(subject)
        if action == Action.PUBLISHED:
            renamed = last is not None and last.action == Action.PUBLISHED and last.identifier != subject.identifier
            if renamed:
                # A live item got a new slug: the old identifier is gone for consumers, and for pages its old
                # address redirects to the new one (Wagtail's redirects), which partners can follow.
                _append(subject, Action.DELETED, identifier=last.identifier, details={"renamed_to": subject.identifier})
                if registry.get(subject.kind).citizen_page:
                    _append(subject, Action.REDIRECTED, identifier=last.identifier,
                            details={"redirect_to": subject.identifier})
            event = _append(subject, action, details=details)
            if renamed:
                # Local variants carry the slug in their identifier, so they move with it.
                for dependent in dependents_of(instance):
                    record(dependent, Action.PUBLISHED, {"moved_with": subject.identifier})
            return event
        # Unpublish and delete concern only items the outside world has seen; never
        # reveal the identifier of something that was only ever a draft.
        if last is None or last.action == Action.DELETED:
            return None
        if action == Action.UNPUBLISHED and last.action == Action.UNPUBLISHED:
            return None
        return _append(subject, action, identifier=last.identifier, details=details)


def record_published_many(items: list[tuple[object, dict]]) -> None:
    """``record(instance, PUBLISHED, details)`` for each (instance, details), in order, as one append: items
    published for the first time (a bulk import) take one lock and one insert for the batch. An item the log has
    seen before (a rename to detect) is recorded on its own."""
    subjects = [(subject_of(instance), instance, details) for instance, details in items]
    subjects = [entry for entry in subjects if entry[0] is not None]
    if not subjects:
        return
    if not connection.in_atomic_block:
        logger.warning("%d publishing events appended outside a transaction", len(subjects))
    with transaction.atomic():
        _serialise_appends()
        kinds = {subject.kind for subject, _, _ in subjects}
        seen = set(
            PublishingEvent.objects.filter(
                kind__in=kinds, object_id__in=[subject.object_id for subject, _, _ in subjects]
            ).values_list("kind", "object_id")
        )
        if seen.intersection((subject.kind, subject.object_id) for subject, _, _ in subjects):
            for subject, instance, details in subjects:
                record(instance, Action.PUBLISHED, details, subject)
            return
        PublishingEvent.objects.bulk_create(
            [
                PublishingEvent(kind=subject.kind, identifier=subject.identifier, object_id=subject.object_id,
                                locale=subject.locale, action=Action.PUBLISHED, details=_details(subject, details))
                for subject, _, details in subjects
            ]
        )
