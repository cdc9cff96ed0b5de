"""What a publish means for the lifecycle: the last major update, the review date, outdated local texts.

Connected to Wagtail's publish signals (they run inside the publish's transaction). Fields are written with
``update()`` on the row so no new revision is made and the publish's own save stays as it was.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.signals import page_published, published

from ..models.lifecycle import LifecycleMixin
from . import national_changes, notices

REVIEW_INTERVAL = timedelta(days=365)


def default_review_by(published_at):
    """Twelve months after the publish."""
    return (timezone.localtime(published_at) + REVIEW_INTERVAL).date()


def on_page_published(sender, instance, revision=None, **kwargs):
    if not instance.live or not isinstance(instance, LifecycleMixin):
        return
    now = timezone.now()
    updates = {}
    if instance.major_update or instance.last_major_update_at is None:
        updates["last_major_update_at"] = now
    if instance.review_by is None or instance.review_by <= timezone.localdate():
        updates["review_by"] = default_review_by(now)
    if updates:
        type(instance).objects.filter(pk=instance.pk).update(**updates)
        for name, value in updates.items():
            setattr(instance, name, value)
    changes = national_changes.record_publish(instance)
    if changes:
        notices.notify_municipal_editors(instance, changes)


def on_published(sender, instance, **kwargs):
    if national_changes.is_local_text(instance) and instance.live:
        national_changes.mark_reviewed(instance)


def on_pages_published_many(pages, revisions):
    """What on_page_published does, for pages published together (publishing.bulk): one update per set of
    changed fields, the national texts of all of them at once."""
    pages = [page for page in pages if page.live and isinstance(page, LifecycleMixin)]
    now = timezone.now()
    groups: dict[tuple, list] = {}
    for page in pages:
        updates = {}
        if page.major_update or page.last_major_update_at is None:
            updates["last_major_update_at"] = now
        if page.review_by is None or page.review_by <= timezone.localdate():
            updates["review_by"] = default_review_by(now)
        for name, value in updates.items():
            setattr(page, name, value)
        if updates:
            groups.setdefault(tuple(sorted(updates.items())), []).append(page)
    for updates, group in groups.items():
        type(group[0]).objects.filter(pk__in=[page.pk for page in group]).update(**dict(updates))
    for page, changes in national_changes.record_publish_many(pages):
        notices.notify_municipal_editors(page, changes)


def on_published_many(instances, revisions):
    """What on_published does, for items published together (publishing.bulk)."""
    national_changes.mark_reviewed_many([i for i in instances if national_changes.is_local_text(i) and i.live])


def connect():
    page_published.connect(on_page_published, dispatch_uid="lifecycle.page_published")
    published.connect(on_published, dispatch_uid="lifecycle.published")
