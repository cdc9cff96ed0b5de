import graphene

from content_models.selectors import live_standards

from ..core.errors import NotFound
from ..core.fields import connection_field
from ..core.pagination import connection_type, paginate
from .types import Standard, StandardCategory

StandardConnection = connection_type(Standard, "Standard", "A page of published catalogue entries, by identifier.")


class StandardQuery(graphene.ObjectType):
    standard = graphene.Field(
        Standard, identifier=graphene.String(required=True, description="The entry's identifier."),
        description="One published catalogue entry.",
    )
    standards = connection_field(
        StandardConnection, "Published entries of the standards catalogue.",
        category=StandardCategory(description="Only entries of this category."),
    )

    @staticmethod
    def resolve_standard(root, info, identifier):
        standard = live_standards().filter(identifier=identifier).first()
        if standard is None:
            raise NotFound(f"No published standard with identifier '{identifier}'.", argument="identifier")
        return standard

    @staticmethod
    def resolve_standards(root, info, first=None, after=None, category=None):
        queryset = live_standards()
        if category:
            queryset = queryset.filter(category=category.value)
        return paginate(queryset, name="standards", key_field="identifier", first=first, after=after)
