"""Wagtail's background work (the reference index, the admin search index), deferred and batched for imports.

Wagtail queues a task for every save of a page, a child row or a snippet: one import of 5,000 items saved each
several times ran some 20,000 tasks, each reloading its object and writing its index rows on its own. Inside
``deferred()`` (the importer's transaction) each distinct task is kept instead and run once when the block ends:
the reference index and the admin search index in bulk, one query per model and batch, anything else one by one.
Outside it the tasks run at once, as with django-tasks' immediate backend (TASKS in cms/settings/base.py).

``reindex_later(objects)`` is for rows written without Django's save (``publishing.bulk``): no signal announces
them, so the caller does.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from asgiref.local import Local
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends_with_name
from wagtail.models import ReferenceIndex

REFERENCE_INDEX_TASK = "wagtail.tasks.update_reference_index_task"
SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"
_BATCH = 500

_state = Local()


def _pending() -> dict | None:
    return getattr(_state, "pending", None)


class DeferringBackend(ImmediateBackend):
    """django-tasks' immediate backend, except that inside ``deferred()`` a task is kept, once, for its end."""

    def enqueue(self, task, args, kwargs):
        pending = _pending()
        if pending is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        pending.setdefault((task.module_path, tuple(args), tuple(sorted(kwargs.items()))), task)
        return TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None, started_at=None,
            last_attempted_at=None, finished_at=None, args=list(args), kwargs=dict(kwargs), backend=self.alias,
            errors=[], worker_ids=[],
        )


@contextmanager
def deferred() -> Iterator[None]:
    """Keep Wagtail's tasks until the block ends, then run each distinct one once (nested blocks join the outer).

    Must run inside the transaction that made the changes, so the indexes commit with them; nothing runs if the
    block raises.
    """
    if _pending() is not None:
        yield
        return
    _state.pending = {}
    try:
        yield
        pending = _state.pending
    finally:
        del _state.pending
    _run(pending)


def reindex_later(objects: Iterable) -> None:
    """Objects written without ``save()``: update their reference and admin search index entries (now, or at the
    end of the ``deferred()`` block)."""
    for obj in objects:
        meta = obj._meta
        args = (meta.app_label, meta.model_name, str(obj.pk))
        for path, task in _tasks_for(type(obj)):
            if _pending() is None:
                task.enqueue(*args)
            else:
                _pending().setdefault((path, args, ()), task)


def _tasks_for(model) -> list:
    from modelsearch.tasks import insert_or_update_object_task
    from wagtail.tasks import update_reference_index_task

    tasks = [(REFERENCE_INDEX_TASK, update_reference_index_task)] if model in ReferenceIndex.tracked_models else []
    if search_index.class_is_indexed(model) and getattr(model, "search_auto_update", True):
        tasks.append((SEARCH_INDEX_TASK, insert_or_update_object_task))
    return tasks


def _run(pending: dict) -> None:
    by_model: dict[str, dict[type, list[str]]] = {REFERENCE_INDEX_TASK: defaultdict(list),
                                                  SEARCH_INDEX_TASK: defaultdict(list)}
    others = []
    for (path, args, kwargs), task in pending.items():
        if path in by_model and not kwargs and len(args) == 3:
            by_model[path][apps.get_model(args[0], args[1])].append(args[2])
        else:
            others.append((task, args, dict(kwargs)))
    with transaction.atomic():
        for model, pks in by_model[REFERENCE_INDEX_TASK].items():
            for objects in _loaded(model, pks, for_references=True):
                update_reference_index(objects)
        for model, pks in by_model[SEARCH_INDEX_TASK].items():
            for objects in _loaded(model, pks):
                update_search_index(model, objects)
    for task, args, kwargs in others:
        task.enqueue(*args, **kwargs)


def _loaded(model, pks: list[str], for_references: bool = False) -> Iterator[list]:
    """The objects, in batches; for the reference index a child row stands for its parent (as Wagtail's task)."""
    parental = next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None)
    if for_references and parental is not None:
        parent_ids = model._default_manager.filter(pk__in=pks).values_list(parental.attname, flat=True)
        yield from _loaded(parental.related_model, sorted({str(pk) for pk in parent_ids if pk is not None}),
                           for_references)
        return
    relations = [r.get_accessor_name() for r in get_all_child_relations(model)] if for_references else []
    for start in range(0, len(pks), _BATCH):
        queryset = model._default_manager.filter(pk__in=pks[start:start + _BATCH])
        yield list(queryset.prefetch_related(*relations)) if relations else list(queryset)


def update_reference_index(objects: list) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for many objects of one model: one read, one write, one
    delete for the batch."""
    if not objects or not ReferenceIndex.is_indexed(type(objects[0])._meta.model):
        return
    model = type(objects[0])
    content_types = [ContentType.objects.get_for_model(m, for_concrete_model=False)
                     for m in [model, *model._meta.get_parent_list()]]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {ct.id for ct in content_types}
    existing: dict[str, dict[tuple, tuple]] = defaultdict(dict)
    rows = ReferenceIndex.objects.filter(
        base_content_type=base_content_type, object_id__in=[str(obj.pk) for obj in objects]
    ).values_list("id", "content_type_id", "object_id", "to_content_type", "to_object_id", "model_path",
                  "content_path")
    for pk, ct_id, object_id, to_ct, to_id, model_path, content_path in rows:
        existing[object_id][(to_ct, to_id, model_path, content_path)] = (ct_id, pk)
    new, stale = [], []
    for obj in objects:
        references = set(ReferenceIndex._extract_references_from_object(obj))
        mine = existing.get(str(obj.pk), {})
        new += [
            ReferenceIndex(
                content_type=content_type, base_content_type=base_content_type, object_id=obj.pk,
                to_content_type_id=to_ct, to_object_id=to_id, model_path=model_path, content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_ct, to_id, model_path, content_path in references - set(mine)
        ]
        # As Wagtail: a row recorded for a more specific model than this one is not this object's to remove.
        stale += [pk for reference, (ct_id, pk) in mine.items() if reference not in references and ct_id in known]
    options = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(new, batch_size=_BATCH, **options)
    if stale:
        ReferenceIndex.objects.filter(id__in=stale).delete()


def update_search_index(model, objects: list) -> None:
    """``modelsearch.index.insert_or_update_object`` for many objects of one model: one bulk write per backend."""
    if not search_index.class_is_indexed(model):
        return
    indexed = {}
    for obj in objects:
        instance = obj.get_indexed_instance()
        if instance is not None:
            indexed.setdefault(type(instance), []).append(instance)
    for indexed_model, instances in indexed.items():
        # Only what the model's own search scope holds (modelsearch checks each object the same way).
        keep = set(indexed_model.get_indexed_objects().filter(pk__in=[i.pk for i in instances])
                   .values_list("pk", flat=True))
        instances = [i for i in instances if i.pk in keep]
        if not instances:
            continue
        for _name, backend in get_search_backends_with_name(with_auto_update=True):
            backend.add_bulk(indexed_model, instances)
