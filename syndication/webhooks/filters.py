"""Which events an endpoint receives: its filters by kind, action, topic and municipality (empty: all).

- kinds, actions: the event's kind and action.
- topics: the item's topics or any of their ancestors, as recorded in the event when it happened (so a deleted
  item still matches); a local variant has its item's topics. Items without topics (standards) do not match.
- municipalities: what changes for a citizen of one of these municipalities: national items always, local
  variants only when written for one of the municipalities or for its region.
"""

from dataclasses import dataclass

from content_models.kinds import registry
from content_models.models import Municipality


@dataclass(frozen=True)
class EventFilter:
    kinds: frozenset[str]
    actions: frozenset[str]
    topics: frozenset[str]
    places: frozenset[str]  # the municipalities' codes and their regions' codes

    def matches(self, event) -> bool:
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.actions and event.action not in self.actions:
            return False
        if self.topics and not self.topics.intersection(event.details.get("topics", ())):
            return False
        if self.places and _is_local_variant(event.kind) and _place_code(event.identifier) not in self.places:
            return False
        return True


def _is_local_variant(kind: str) -> bool:
    return kind in registry and bool(registry.get(kind).variant_of)


def _place_code(identifier: str) -> str:
    # Local variants are identified as '<item...>/<place code>' (content_models/events/kinds.py).
    return identifier.rsplit("/", 1)[-1]


def filters_for(endpoints) -> dict[int, EventFilter]:
    """Each endpoint's filter by id, with one query for the regions of all the municipalities named."""
    codes = {code for endpoint in endpoints for code in endpoint.municipalities}
    regions = dict(Municipality.objects.filter(code__in=codes).values_list("code", "region__code")) if codes else {}
    return {
        endpoint.pk: EventFilter(
            kinds=frozenset(endpoint.kinds),
            actions=frozenset(endpoint.actions),
            topics=frozenset(endpoint.topics),
            places=frozenset(endpoint.municipalities) | {regions[c] for c in endpoint.municipalities if c in regions},
        )
        for endpoint in endpoints
    }
