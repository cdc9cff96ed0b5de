import graphene

from content_models.kinds import registry
from content_models.models import PublishingEvent

from ..core.kinds import kind_enum
from ..core.models import ModelType


def change_kind_enum():
    return kind_enum(
        "ChangeKind", "What kind of item changed. Local variants have kinds of their own.",
        registry.where(in_event_log=True),
    )


ChangeKind = change_kind_enum()


class ChangeAction(graphene.Enum):
    """What happened to the item."""

    PUBLISHED = "PUBLISHED"
    UNPUBLISHED = "UNPUBLISHED"
    DELETED = "DELETED"
    REDIRECTED = "REDIRECTED"

    @property
    def description(self):
        if self.value == "REDIRECTED":
            return "The item's old slug (and address) now leads to `redirectTo`: follow it."
        return None


class Change(ModelType):
    """One entry of the publishing event log."""

    sequence = graphene.Int(required=True, description="Position in the log; strictly increasing.")
    kind = graphene.Field(ChangeKind, required=True, description="The kind of item.")
    slug = graphene.String(
        required=True,
        description="The item's identifier: its slug (a standard's identifier; for LOCAL_TEXT "
        "'guide-slug/section-key/place-code', for SELF_SERVICE_URL 'link-slug/place-code').",
    )
    locale = graphene.String(description="Language of the item, for pages.")
    action = graphene.Field(ChangeAction, required=True, description="PUBLISHED, UNPUBLISHED, DELETED or REDIRECTED.")
    at = graphene.DateTime(required=True, description="When it happened.")
    redirect_to = graphene.String(
        description="For REDIRECTED: the identifier the old one now leads to (a renamed item's new slug, or the "
        "item an unpublished page redirects to)."
    )
    redirect_to_kind = graphene.Field(ChangeKind, description="For REDIRECTED: the kind of `redirectTo`.")

    class Meta:
        model = PublishingEvent
        fields = ("sequence", "kind", "slug", "locale", "action", "at", "redirect_to", "redirect_to_kind")

    @staticmethod
    def resolve_redirect_to(event, info):
        return event.details.get("redirect_to") if event.action == PublishingEvent.Action.REDIRECTED else None

    @staticmethod
    def resolve_redirect_to_kind(event, info):
        if event.action != PublishingEvent.Action.REDIRECTED:
            return None
        return event.details.get("redirect_to_kind", event.kind)

    @staticmethod
    def resolve_slug(event, info):
        return event.identifier

    @staticmethod
    def resolve_locale(event, info):
        return event.locale or None
