"""Publishing any content object (page or snippet) the same way, always in one transaction."""

from django.db import transaction
from wagtail.models import Page


@transaction.atomic
def publish(obj, user=None, log_action=True):
    """Save a new revision of ``obj`` as it is in memory and make it live."""
    revision = obj.save_revision(user=user, log_action=log_action)
    revision.publish(user=user, log_action=log_action)
    # Publishing works on a copy rebuilt from the revision; bring the caller's object up to date.
    obj.refresh_from_db()
    return revision


@transaction.atomic
def save_draft(obj, user=None):
    """Keep ``obj`` as a draft: a new revision; the live version (if any) stays as it is."""
    if obj.pk is None or not obj.live:
        # A never-published object's own row is its draft.
        if isinstance(obj, Page):
            obj.save(clean=False)
        else:
            obj.save()
    return obj.save_revision(user=user)


@transaction.atomic
def unpublish(obj, user=None):
    if obj.live:
        obj.unpublish(user=user)


@transaction.atomic
def delete(obj, user=None):
    obj.delete()
