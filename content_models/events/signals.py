"""Wagtail's publish/unpublish signals and Django's delete signal feed the event log.

The receivers only translate signals into ``log.record``; they run inside the
transaction of the change (requests are atomic, services and commands wrap
their work in transaction.atomic), so the change and its event commit together.
"""

from django.db.models.signals import post_delete, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from ..kinds import registry
from . import log
from .kinds import logged_models, subject_of


def _details(revision=None, instance=None):
    details = {"revision": revision.pk} if revision is not None else {}
    kind = registry.for_model(type(instance))
    if hasattr(instance, "major_update") and kind is not None and kind.notifiable:
        # Wagtail signals with the published revision's object, so this is the editor's choice for this publish.
        # Only kinds with subscribers carry it (every page kind has the flag for "Sidst opdateret").
        details["major"] = bool(instance.major_update)
    return details


def on_published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, Page):
        return  # pages are handled by page_published, which always sends the specific page
    if not instance.live:
        return  # only scheduled: Wagtail signals it now, the event comes when it goes live
    log.record(instance, log.Action.PUBLISHED, _details(revision, instance))


def on_page_published(sender, instance, revision=None, **kwargs):
    if not instance.live:
        return  # only scheduled
    log.record(instance, log.Action.PUBLISHED, _details(revision, instance))


def on_published_many(instances, revisions):
    """What on_published and on_page_published do, for items published together (publishing.bulk)."""
    log.record_published_many(
        [(instance, _details(revision, instance)) for instance, revision in zip(instances, revisions)
         if instance.live]
    )


def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, Page):
        return
    log.record(instance, log.Action.UNPUBLISHED)


def on_page_unpublished(sender, instance, **kwargs):
    log.record(instance, log.Action.UNPUBLISHED)


def before_delete(sender, instance, **kwargs):
    # Related rows (a local text's guide) may be gone by post_delete; describe the item now.
    instance._event_subject = subject_of(instance)
    if not isinstance(instance, Page) and getattr(instance, "live", False):
        # Deleting a live item gives UNPUBLISHED then DELETED (docs/partners.md): Wagtail unpublishes pages
        # before deleting them (page_unpublished); snippets (local variants, standards) say so here.
        log.record(instance, log.Action.UNPUBLISHED, subject=instance._event_subject)


def on_deleted(sender, instance, **kwargs):
    log.record(instance, log.Action.DELETED, subject=getattr(instance, "_event_subject", None))


def connect():
    published.connect(on_published, dispatch_uid="events.published")
    unpublished.connect(on_unpublished, dispatch_uid="events.unpublished")
    page_published.connect(on_page_published, dispatch_uid="events.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="events.page_unpublished")
    for model in logged_models():
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"events.before_delete.{model.__name__}")
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"events.deleted.{model.__name__}")
