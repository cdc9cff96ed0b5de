import graphene

from content_models.models import Topic as TopicModel

from ..core.models import ModelType


class Topic(ModelType):
    """A borger.dk-style category; topics form a tree."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Danish title.")
    title_en = graphene.String(description="English title; null when the topic has none (use `title`).")
    description = graphene.String(description="Short description.")
    parent = graphene.Field(lambda: Topic, description="The broader topic, if any.")
    children = graphene.List(graphene.NonNull(lambda: Topic), required=True, description="Narrower topics.")

    class Meta:
        model = TopicModel
        fields = ("slug", "title", "title_en", "description", "parent", "children")

    @staticmethod
    def resolve_title_en(topic, info):
        return topic.title_en or None

    @staticmethod
    def resolve_children(topic, info):
        return topic.children.all()
