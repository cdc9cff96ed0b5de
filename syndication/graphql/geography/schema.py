import graphene

from . import resolvers
from .types import Municipality, Region


class GeographyQuery(graphene.ObjectType):
    municipalities = graphene.List(
        graphene.NonNull(Municipality), required=True, description="All 98 municipalities, by code."
    )
    regions = graphene.List(graphene.NonNull(Region), required=True, description="The 5 regions, by code.")

    resolve_municipalities = resolvers.resolve_municipalities
    resolve_regions = resolvers.resolve_regions
