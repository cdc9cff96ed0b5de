import graphene

from content_models.models import Topic as TopicModel

from .types import Topic


class TopicQuery(graphene.ObjectType):
    topics = graphene.List(graphene.NonNull(Topic), required=True, description="All topics, parents included.")

    @staticmethod
    def resolve_topics(root, info):
        return TopicModel.objects.select_related("parent").prefetch_related("children").order_by("slug")
