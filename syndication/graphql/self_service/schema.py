import graphene

from ..core.fields import connection_field, locale_argument, topic_filter
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
        locale=locale_argument("The link's language"),
        description="One published self-service link.",
    )
    self_service_links = connection_field(
        SelfServiceLinkConnection,
        "Published self-service links.",
        topic=topic_filter(),
        municipality=graphene.String(description="Municipality code for local URLs."),
        audience=Audience(description="Only links for citizens or businesses."),
        authority=graphene.String(description="Only links of this authority (slug)."),
        locale=locale_argument("Only links in this language"),
    )

    resolve_self_service_link = resolvers.resolve_self_service_link
    resolve_self_service_links = resolvers.resolve_self_service_links
