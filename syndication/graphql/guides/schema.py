import graphene

from ..core.fields import connection_field, locale_argument, topic_filter
from ..core.pagination import connection_type
from . import resolvers
from .types import Guide

GuideConnection = connection_type(Guide, "Guide", "A page of published guides.")


class GuideQuery(graphene.ObjectType):
    guide = graphene.Field(
        Guide,
        slug=graphene.String(required=True, description="The guide's slug."),
        municipality=graphene.String(description="Municipality code (e.g. '101'); fills in local text."),
        locale=locale_argument("The guide's language"),
        description="One published guide.",
    )
    guides = connection_field(
        GuideConnection,
        "Published guides.",
        topic=topic_filter(),
        municipality=graphene.String(description="Municipality code; fills in local text."),
        updated_since=graphene.DateTime(description="Only guides published at or after this time."),
        locale=locale_argument("Only guides in this language"),
    )

    resolve_guide = resolvers.resolve_guide
    resolve_guides = resolvers.resolve_guides
