import graphene

from ..core.pagination import connection_type
from . import resolvers
from .types import Guide

GuideConnection = connection_type(Guide, "Guide", "A page of published guides.")


class GuideQuery(graphene.ObjectType):
    guide = graphene.Field(
        Guide,
        slug=graphene.String(required=True, description="The guide's slug."),
        municipality=graphene.String(description="Municipality code (e.g. '101'); fills in local text."),
        locale=graphene.String(description="Language code, 'da' (default) or 'en'."),
        description="One published guide.",
    )
    guides = graphene.Field(
        GuideConnection,
        required=True,
        first=graphene.Int(description="Page size, 1-100 (default 20)."),
        after=graphene.String(description="Cursor from the previous page."),
        topic=graphene.String(description="Only guides in this topic (slug)."),
        municipality=graphene.String(description="Municipality code; fills in local text."),
        updated_since=graphene.DateTime(description="Only guides published at or after this time."),
        locale=graphene.String(description="Only guides in this language ('da' or 'en')."),
        description="Published guides.",
    )

    resolve_guide = resolvers.resolve_guide
    resolve_guides = resolvers.resolve_guides
