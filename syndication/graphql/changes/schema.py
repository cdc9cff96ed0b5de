import graphene

from content_models.models import PublishingEvent

from ..core.pagination import connection_type, paginate
from .types import Change, ChangeKind

ChangeConnection = connection_type(Change, "Change", "A page of the change feed, in sequence order.")


class ChangesQuery(graphene.ObjectType):
    changes = graphene.Field(
        ChangeConnection,
        required=True,
        after=graphene.String(description="Cursor from the previous page; omit to start at the beginning."),
        first=graphene.Int(description="Page size, 1-100 (default 20)."),
        kinds=graphene.List(graphene.NonNull(ChangeKind), description="Only changes of these kinds."),
        description="Every publish, unpublish and delete, in order. Replaying it from the start and applying "
        "each change yields exactly the published content; keep the last endCursor to resume.",
    )

    @staticmethod
    def resolve_changes(root, info, after=None, first=None, kinds=None):
        queryset = PublishingEvent.objects.all()
        if kinds:
            queryset = queryset.filter(kind__in=[kind.value for kind in kinds])
        return paginate(queryset, name="changes", key_field="sequence", first=first, after=after)
