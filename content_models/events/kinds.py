"""How each content model appears in the event log: its kind name and stable identifier."""

from dataclasses import dataclass

from ..models import GuidePage, LocalText, SelfServiceLinkPage, SelfServiceUrlOverride, Standard, StepByStepPage, TeachingModulePage

KIND_BY_MODEL = {
    GuidePage: "guide",
    SelfServiceLinkPage: "self_service_link",
    StepByStepPage: "step_by_step",
    TeachingModulePage: "teaching_module",
    Standard: "standard",
    LocalText: "local_text",
    SelfServiceUrlOverride: "self_service_url",
}
CONTENT_KINDS = tuple(KIND_BY_MODEL.values())


@dataclass(frozen=True)
class EventSubject:
    kind: str
    identifier: str
    object_id: str
    locale: str = ""


def subject_of(instance) -> EventSubject | None:
    """The log's view of a model instance, or None for models the log does not track."""
    kind = KIND_BY_MODEL.get(type(instance))
    if kind is None:
        return None
    if isinstance(instance, Standard):
        identifier, locale = instance.identifier, ""
    elif isinstance(instance, LocalText):
        identifier = f"{instance.guide.slug}/{instance.section_key}/{instance.place_code}"
        locale = instance.guide.locale.language_code
    elif isinstance(instance, SelfServiceUrlOverride):
        identifier = f"{instance.link.slug}/{instance.place_code}"
        locale = instance.link.locale.language_code
    else:
        identifier, locale = instance.slug, instance.locale.language_code
    return EventSubject(kind=kind, identifier=identifier, object_id=str(instance.pk), locale=locale)


def dependents_of(instance) -> list:
    """Live items whose identifier contains ``instance``'s slug (local variants of a guide or link)."""
    if isinstance(instance, GuidePage):
        return list(instance.local_texts.filter(live=True).select_related("municipality", "region"))
    if isinstance(instance, SelfServiceLinkPage):
        return list(instance.url_overrides.filter(live=True).select_related("municipality", "region"))
    return []
