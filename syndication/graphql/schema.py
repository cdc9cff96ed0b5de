"""The public GraphQL schema: one query type assembled from the per-domain packages."""

import graphene

from .changes.schema import ChangesQuery
from .geography.schema import GeographyQuery
from .guides.schema import GuideQuery
from .search.schema import SearchQuery
from .self_service.schema import SelfServiceQuery
from .standards.schema import StandardQuery
from .step_by_step.schema import StepByStepQuery
from .teaching.schema import TeachingQuery
from .topics.schema import TopicQuery
from .webhooks.schema import WebhookMutation, WebhookQuery


class Query(
    GeographyQuery,
    TopicQuery,
    GuideQuery,
    SelfServiceQuery,
    StepByStepQuery,
    TeachingQuery,
    StandardQuery,
    ChangesQuery,
    SearchQuery,
    WebhookQuery,
    graphene.ObjectType,
):
    """Published content of the portal, for partner sites.

    A request made in a signed-in citizen's session on the portal gets the citizen's own municipality wherever
    it leaves out a `municipality` argument (an explicit one wins, `null` included)."""


class Mutation(WebhookMutation, graphene.ObjectType):
    """Changes a partner makes with its API key: its own webhook endpoints. POST only."""


schema = graphene.Schema(query=Query, mutation=Mutation, auto_camelcase=True)
