import graphene

from ..core.pagination import connection_type
from . import resolvers
from .types import Audience, SelfServiceLink

SelfServiceLinkConnection = connection_type(
    SelfServiceLink, "SelfServiceLink", "A page of published self-service links, ordered by slug."
)


class SelfServiceQuery(graphene.ObjectType):
    self_service_link = graphene.Field(
        SelfServiceLink,
        slug=graphene.String(required=True, description="The link's slug."),
        municipality=graphene.String(description="Municipality code; `url` becomes that municipality's own URL."),
        description="One published self-service link.",
    )
    self_service_links = graphene.Field(
        SelfServiceLinkConnection,
        required=True,
        first=graphene.Int(description="Page size, 1-100 (default 20)."),
        after=graphene.String(description="Cursor from the previous page."),
        topic=graphene.String(description="Only links in this topic (slug)."),
        municipality=graphene.String(description="Municipality code for local URLs."),
        audience=Audience(description="Only links for citizens or businesses."),
        authority=graphene.String(description="Only links of this authority (slug)."),
        description="Published self-service links.",
    )

    resolve_self_service_link = resolvers.resolve_self_service_link
    resolve_self_service_links = resolvers.resolve_self_service_links
