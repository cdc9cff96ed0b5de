"""How each content model appears in the event log: its kind (from the registry) and stable identifier."""

from dataclasses import dataclass

from ..kinds import registry


@dataclass(frozen=True)
class EventSubject:
    kind: str
    identifier: str
    object_id: str
    locale: str = ""
    # The item's topics and their ancestors (a local variant: its item's), as they were at the change: webhook
    # topic filters need them also for an item that is deleted by the time the consumer reads the event.
    topics: tuple[str, ...] = ()


def logged_models() -> list:
    """The models whose publish, unpublish and delete the log records."""
    return [kind.model for kind in registry.where(in_event_log=True)]


def _identifier_and_locale(instance) -> tuple[str, str]:
    """An item's identifier: its slug (a standard's identifier); a local variant's names its parent, the part it
    sits under (a section or step key, if any) and its place."""
    target_key = getattr(instance, "target_key", "")
    parent = getattr(instance, "localised_item", None)
    if parent is not None:
        parts = [parent.slug, target_key, instance.place_code] if target_key else [parent.slug, instance.place_code]
        return "/".join(parts), parent.locale.language_code
    locale = getattr(instance, "locale", None)
    identifier = getattr(instance, registry.for_model(type(instance)).identifier)
    return identifier, locale.language_code if locale is not None else ""


def topics_of(instance) -> tuple[str, ...]:
    """Slugs of the topics of ``instance`` (or of the item a local variant localises) with their ancestors."""
    item = getattr(instance, "localised_item", None) or instance
    if not hasattr(item, "topics"):
        return ()
    slugs = set()
    for topic in item.topics.all():
        while topic is not None and topic.slug not in slugs:
            slugs.add(topic.slug)
            topic = topic.parent
    return tuple(sorted(slugs))


def subject_of(instance) -> EventSubject | None:
    """The log's view of a model instance, or None for models the log does not track."""
    kind = registry.for_model(type(instance))
    if kind is None or not kind.in_event_log:
        return None
    identifier, locale = _identifier_and_locale(instance)
    return EventSubject(
        kind=kind.code, identifier=identifier, object_id=str(instance.pk), locale=locale, topics=topics_of(instance)
    )


def dependents_of(instance) -> list:
    """Live local variants of ``instance``: their identifiers contain its slug, so they move with it."""
    kind = registry.for_model(type(instance))
    if kind is None:
        return []
    dependents = []
    for variant in registry.variants_of(kind.code):
        relation = variant.model.localised_relation()
        dependents += list(getattr(instance, relation).filter(live=True).select_related("municipality", "region"))
    return dependents
