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


def connect():
    page_published.connect(on_page_published, dispatch_uid="lifecycle.page_published")
    published.connect(on_published, dispatch_uid="lifecycle.published")
