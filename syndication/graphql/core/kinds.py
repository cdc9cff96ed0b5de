"""GraphQL enums of content kinds, built from the content-kind registry (content_models.kinds)."""

import graphene

from content_models.kinds import ContentKind


def kind_enum(name: str, description: str, kinds: list[ContentKind]) -> type[graphene.Enum]:
    """An enum with one value per kind: its enum name, its code as the value, its description."""
    descriptions = {kind.code: kind.description for kind in kinds}
    attributes = {kind.enum_name: kind.code for kind in kinds}
    attributes["__doc__"] = description
    attributes["description"] = property(lambda member: descriptions.get(member.value))
    return type(name, (graphene.Enum,), attributes)
