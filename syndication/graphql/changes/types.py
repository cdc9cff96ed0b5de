import graphene


class ChangeKind(graphene.Enum):
    """What kind of item changed. Local variants have kinds of their own."""

    GUIDE = "guide"
    SELF_SERVICE_LINK = "self_service_link"
    STEP_BY_STEP = "step_by_step"
    TEACHING_MODULE = "teaching_module"
    STANDARD = "standard"
    LOCAL_TEXT = "local_text"
    SELF_SERVICE_URL = "self_service_url"


class ChangeAction(graphene.Enum):
    """What happened to the item."""

    PUBLISHED = "PUBLISHED"
    UNPUBLISHED = "UNPUBLISHED"
    DELETED = "DELETED"


class Change(graphene.ObjectType):
    """One entry of the publishing event log."""

    sequence = graphene.Int(required=True, description="Position in the log; strictly increasing.")
    kind = graphene.Field(ChangeKind, required=True, description="The kind of item.")
    slug = graphene.String(
        required=True,
        description="The item's identifier: its slug (a standard's identifier; for LOCAL_TEXT "
        "'guide-slug/section-key/place-code', for SELF_SERVICE_URL 'link-slug/place-code').",
    )
    locale = graphene.String(description="Language of the item, for pages.")
    action = graphene.Field(ChangeAction, required=True, description="PUBLISHED, UNPUBLISHED or DELETED.")
    at = graphene.DateTime(required=True, description="When it happened.")

    @staticmethod
    def resolve_slug(event, info):
        return event.identifier

    @staticmethod
    def resolve_locale(event, info):
        return event.locale or None
