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
    graphene.ObjectType,
):
    """Published content of the portal, for partner sites.

    A request made in a signed-in citizen's session on the portal gets the citizen's own municipality wherever
    it leaves out a `municipality` argument (an explicit one wins, `null` included)."""


schema = graphene.Schema(query=Query, auto_camelcase=True)
