import graphene

from content_models.models import Municipality as MunicipalityModel
from content_models.models import Region as RegionModel

from ..core.deprecations import deprecation_reason
from ..core.models import ModelType


class Region(ModelType):
    """One of the five Danish regions."""

    code = graphene.String(required=True, description="Official region code, 1081-1085.")
    name = graphene.String(required=True, description="Danish name, e.g. 'Region Hovedstaden'.")
    nuts2 = graphene.String(description="EU NUTS2 code, e.g. 'DK01'.")
    municipalities = graphene.List(
        graphene.NonNull(lambda: Municipality), required=True, description="The region's municipalities."
    )

    class Meta:
        model = RegionModel
        fields = ("code", "name", "nuts2", "municipalities")

    @staticmethod
    def resolve_municipalities(region, info):
        return region.municipalities.all()


class Municipality(ModelType):
    """One of the 98 Danish municipalities."""

    code = graphene.String(required=True, description="Official 3-digit municipality code, e.g. '101'.")
    code4 = graphene.String(
        required=True, description="Zero-padded 4-digit code, e.g. '0101'.",
        deprecation_reason=deprecation_reason("Municipality", "code4"),
    )
    name = graphene.String(required=True, description="Danish name, e.g. 'København'.")
    region = graphene.Field(Region, required=True, description="The region the municipality belongs to.")

    class Meta:
        model = MunicipalityModel
        fields = ("code", "code4", "name", "region")
