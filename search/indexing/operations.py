"""What an event means for the search index: upsert a document or remove one.

Both sinks (the database projection and the OpenSearch index) apply the same
operations; ``version`` is the event sequence, so an older operation never
overwrites a newer one (OpenSearch: external versions).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from content_models.kinds import registry
from content_models.models import PublishingEvent

from ..projection import document_for


@dataclass(frozen=True)
class Operation:
    kind: str
    object_id: str
    version: int
    document: dict | None  # None: remove

    @property
    def document_id(self) -> str:
        return f"{self.kind}-{self.object_id}"


def _variant_parent_id(event: PublishingEvent, variant) -> str | None:
    """The id of the item a local variant localises (its document lists the places with local content)."""
    model = variant.model
    parent_id = model.objects.filter(pk=event.object_id).values_list(f"{model.localised_field}_id", flat=True).first()
    if parent_id is not None:
        return str(parent_id)
    # The variant is deleted: its identifier starts with the parent's slug.
    slug = event.identifier.split("/", 1)[0]
    parent_model = registry.get(variant.variant_of).model
    parent = parent_model.objects.filter(slug=slug, locale__language_code=event.locale or "da").first()
    return str(parent.pk) if parent else None


def operations_for(events: Sequence[PublishingEvent]) -> list[Operation]:
    """One operation per affected item, built from the item's live state now (the newest truth)."""
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for event in events:
        kind = registry.get(event.kind) if event.kind in registry else None
        if kind is None:
            continue
        if kind.searchable:
            key, action = (event.kind, event.object_id), event.action
        elif kind.variant_of and registry.get(kind.variant_of).searchable:
            parent_id = _variant_parent_id(event, kind)
            if parent_id is None:
                continue
            key, action = (kind.variant_of, parent_id), PublishingEvent.Action.PUBLISHED
        else:
            continue
        latest[key] = (event.sequence, action)
    operations = []
    for (kind, object_id), (sequence, action) in latest.items():
        document = document_for(kind, object_id) if action == PublishingEvent.Action.PUBLISHED else None
        operations.append(Operation(kind=kind, object_id=object_id, version=sequence, document=document))
    return operations


def documents_as_operations(documents: Iterable[dict], version: int) -> Iterable[Operation]:
    for document in documents:
        yield Operation(kind=document["kind"], object_id=document["object_id"], version=version, document=document)
