import graphene

from content_models.models import Topic as TopicModel

from ..core.models import ModelType


class Topic(ModelType):
    """A borger.dk-style category; topics form a tree."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Danish title.")
    description = graphene.String(description="Short description.")
    parent = graphene.Field(lambda: Topic, description="The broader topic, if any.")
    children = graphene.List(graphene.NonNull(lambda: Topic), required=True, description="Narrower topics.")

    class Meta:
        model = TopicModel
        fields = ("slug", "title", "description", "parent", "children")

    @staticmethod
    def resolve_children(topic, info):
        return topic.children.all()
