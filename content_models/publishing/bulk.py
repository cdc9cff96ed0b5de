"""Publishing many new items at once, with the result of publishing each one with ``publishing.publish``.

An import creates thousands of pages and local variants. Through Wagtail each costs some forty queries: the row,
its child rows, full_clean, a revision, the publish rebuilt from that revision, log entries, the publish
receivers, the index tasks. Here a batch of new items of one model costs a handful: rows, child rows,
many-to-many rows, revisions and log entries are inserted together, then the receivers of Wagtail's publish
signals (the event log, the lifecycle) do their part for the whole batch (``PAGE_RECEIVERS``, ``RECEIVERS``), and
the reference and admin search indexes are updated through ``background`` (in bulk at the end of an import).
tests/content_models/publishing/test_bulk.py checks that the database ends up as after publishing one by one,
and that every receiver of the publish signals has its counterpart here.

The caller vouches for the objects (the importer validated every line): rows are not full_clean()ed one by one;
the database's own constraints still hold, and a violation rolls the batch back.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, router, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, Revision

from .. import background
from ..events import signals as event_receivers
from ..lifecycle import publishing as lifecycle_receivers

# What each receiver of Wagtail's publish signals does for a batch, by its dispatch uid, in connection order.
PAGE_RECEIVERS = {
    "events.page_published": event_receivers.on_published_many,
    "lifecycle.page_published": lifecycle_receivers.on_pages_published_many,
}
RECEIVERS = {
    "events.published": event_receivers.on_published_many,
    "lifecycle.published": lifecycle_receivers.on_published_many,
}

# The state an item is in when its first revision is saved (the per-item path saves it unpublished first):
# its revision holds these values, whatever the row holds once published.
_BEFORE_FIRST_REVISION = {"live": False, "has_unpublished_changes": False, "first_published_at": None,
                          "last_published_at": None, "live_revision": None, "latest_revision": None}
_PAGE_BEFORE_FIRST_REVISION = {**_BEFORE_FIRST_REVISION, "latest_revision_created_at": None}
_CREATE, _EDIT, _PUBLISH = "wagtail.create", "wagtail.edit", "wagtail.publish"
_UPDATE_BATCH = 1000


@transaction.atomic
def publish_new_pages(parent: Page, pages: list[Page]) -> None:
    """Add ``pages`` (unsaved, all of one model, filled in memory with their child rows and many-to-many values)
    as the last children of ``parent``, and publish them."""
    if not pages:
        return
    _require_one_model(pages)
    now = timezone.now()
    for page in pages:
        _hold_children_in_memory(page)
    _place_under(parent, pages)
    for page in pages:
        page._set_core_field_defaults()  # draft title, locale: as Page.save does
        _set_published(page, now)
        page.latest_revision_created_at = now  # the revision's time (_insert_revisions)
    _insert_pages(pages)
    _insert_children(pages)
    revisions = _insert_revisions(pages, _PAGE_BEFORE_FIRST_REVISION, now)
    _point_at_revisions(Page, pages)
    _insert_log_entries(pages, revisions, now)
    for receiver in PAGE_RECEIVERS.values():
        receiver(pages, revisions)
    background.reindex_later(pages)


@transaction.atomic
def publish_new(objects: list) -> None:
    """Save and publish ``objects``: new snippets (local variants: DraftStateMixin + RevisionMixin), all of one
    model, without child relations."""
    if not objects:
        return
    _require_one_model(objects)
    model = type(objects[0])
    if get_all_child_relations(model) or get_all_child_m2m_relations(model):
        raise ValueError(f"{model.__name__} has child rows; publish_new takes plain snippets")
    now = timezone.now()
    for obj in objects:
        _set_published(obj, now)
    model.objects.bulk_create(objects)
    revisions = _insert_revisions(objects, _BEFORE_FIRST_REVISION, now)
    _point_at_revisions(model, objects)
    _insert_log_entries(objects, revisions, now)
    for receiver in RECEIVERS.values():
        receiver(objects, revisions)
    background.reindex_later(objects)


def _require_one_model(objects: list) -> None:
    if len({type(obj) for obj in objects}) != 1 or any(obj.pk is not None for obj in objects):
        raise ValueError("a batch holds new objects of one model")
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("bulk publishing needs a database that returns ids from bulk inserts")


def _set_published(obj, now) -> None:
    obj.live, obj.has_unpublished_changes, obj.expired = True, False, False
    obj.first_published_at = obj.last_published_at = now


def _hold_children_in_memory(page: Page) -> None:
    """Every child relation and many-to-many value in memory (a new page has no rows of its own yet), so that
    neither the inserts nor its revision ask the database for them, page by page."""
    model = type(page)
    for name in [r.get_accessor_name() for r in get_all_child_relations(model)] + [
        f.name for f in get_all_child_m2m_relations(model)
    ]:
        setattr(page, name, list(getattr(page, name).all()))


def _place_under(parent: Page, pages: list[Page]) -> None:
    """Tree paths after the parent's last child, as treebeard's add_child gives them one at a time."""
    parent = type(parent).objects.select_for_update().get(pk=parent.pk)  # as add_child: the parent row is locked
    last = parent.get_last_child() if parent.numchild else None
    for page in pages:
        page.depth = parent.depth + 1
        page.path = last._inc_path() if last else Page._get_path(parent.path, page.depth, 1)
        page.numchild = 0
        page.set_url_path(parent)
        page._cached_parent_obj = parent
        last = page
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def _insert_pages(pages: list[Page]) -> None:
    """The rows of a multi-table page model: Page's table first (returning the ids), then each model's own."""
    model = type(pages[0])
    using = router.db_for_write(model)
    tables = [*reversed(model._meta.get_parent_list()), model]  # Page first
    for table in tables:
        fields = [f for f in table._meta.local_concrete_fields if not (table is Page and f.primary_key)]
        batch = max(1, connection.ops.bulk_batch_size(fields, pages))
        for start in range(0, len(pages), batch):
            chunk = pages[start:start + batch]
            if table is Page:
                ids = table._base_manager._insert(chunk, fields=fields, returning_fields=[Page._meta.pk],
                                                  using=using)
                for page, (pk,) in zip(chunk, ids):
                    # Every table of the page shares the id: Page's own and each model's link to its parent.
                    for link in [Page._meta.pk, *(t._meta.get_ancestor_link(Page) for t in tables[1:])]:
                        setattr(page, link.attname, pk)
            else:
                table._base_manager._insert(chunk, fields=fields, using=using)
    for page in pages:
        page._state.adding, page._state.db = False, using


def _insert_children(pages: list[Page]) -> None:
    """Child rows (sections, steps ...) and many-to-many rows (topics ...) held in memory by modelcluster."""
    model = type(pages[0])
    for relation in get_all_child_relations(model):
        children = []
        for page in pages:
            for child in getattr(page, relation.get_accessor_name()).all():
                setattr(child, relation.field.attname, page.pk)
                children.append(child)
        relation.related_model.objects.bulk_create(children)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        through.objects.bulk_create(
            [through(**{source: page.pk, target: item.pk}) for page in pages
             for item in getattr(page, field.name).all()]
        )


@contextmanager
def _as_before_first_revision(obj, state: dict):
    saved = {name: getattr(obj, name) for name in state}
    for name, value in state.items():
        setattr(obj, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(obj, name, value)


def _insert_revisions(objects: list, state: dict, now) -> list[Revision]:
    content_type = ContentType.objects.get_for_model(objects[0])
    revisions = []
    for obj in objects:
        with _as_before_first_revision(obj, state):
            content = obj.serializable_data()
        revisions.append(Revision(
            content_type=content_type, base_content_type=obj.get_base_content_type(), object_id=str(obj.pk),
            created_at=now, user=None, approved_go_live_at=None, content=content, object_str=str(obj),
        ))
    Revision.objects.bulk_create(revisions)
    for obj, revision in zip(objects, revisions):
        obj.latest_revision = obj.live_revision = revision  # the rows follow in _point_at_revisions
    return revisions


def _point_at_revisions(model, objects: list) -> None:
    """Set each row's latest and live revision to its (only) revision: one UPDATE for the batch, the database
    matching the rows up (Django's bulk_update would build a CASE of one branch per row and column)."""
    revision = Revision.objects.filter(
        base_content_type=objects[0].get_base_content_type(), object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-pk").values("pk")[:1]
    for start in range(0, len(objects), _UPDATE_BATCH):
        pks = [obj.pk for obj in objects[start:start + _UPDATE_BATCH]]
        model._base_manager.filter(pk__in=pks).update(latest_revision=Subquery(revision),
                                                      live_revision=Subquery(revision))


def _insert_log_entries(objects: list, revisions: list[Revision], now) -> None:
    """What Page.save (a new page), save_revision(log_action=True) and publish(log_action=True) log:
    "wagtail.create", "wagtail.edit" and "wagtail.publish", in the active log context (its user and uuid)."""
    log_registry.scan_for_actions()
    model = log_registry.get_log_model_for_instance(objects[0])
    if model is None:
        return
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=False)
    entries = []
    for obj, revision in zip(objects, revisions):
        is_page = isinstance(obj, Page)
        target = {"page": obj} if is_page else {"object_id": str(obj.pk)}
        common = {"content_type": content_type, "label": model.objects.get_instance_title(obj), "timestamp": now,
                  "data": {}, "uuid": context.uuid, "content_changed": True, **target}
        if is_page:  # Page.save logs a new page's creation (by its owner: none for an import)
            entries.append(model(action=_CREATE, user=context.user or obj.owner, **common))
        entries += [model(action=action, user=context.user, revision=revision, **common) for action in (_EDIT, _PUBLISH)]
    model.objects.bulk_create(entries)
