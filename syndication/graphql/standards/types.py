import graphene

from content_models.models import Standard as StandardModel

from ..core.models import ModelType


class StandardCategory(graphene.Enum):
    """What kind of catalogue entry it is."""

    STANDARD = "standard"
    ARCHITECTURE_DOCUMENT = "architecture_document"
    SERVICE = "service"
    ORGANISATION = "organisation"


class Standard(ModelType):
    """An entry of the catalogue of data-interchange standards (the former Digitalisér.dk repository)."""

    identifier = graphene.String(required=True, description="Stable identifier, e.g. 'OIOUBL-2.1'.")
    title = graphene.String(required=True, description="Title.")
    category = graphene.Field(StandardCategory, required=True, description="Standard, document, service or organisation.")
    version = graphene.String(description="Version, when versioned.")
    status = graphene.String(description="Status in Danish, e.g. 'gældende'.")
    description = graphene.String(description="What it is and what it is for.")
    url = graphene.String(description="Where its documentation lives.")
    owner = graphene.String(description="The organisation that owns it.")
    related = graphene.List(graphene.NonNull(lambda: Standard), required=True, description="Related published entries.")

    class Meta:
        model = StandardModel
        fields = ("identifier", "title", "category", "version", "status", "description", "url", "owner", "related")

    @staticmethod
    def resolve_related(standard, info):
        return standard.related.all()
