import graphene

from content_models.models import StepByStepPage, Topic
from content_models.selectors import live_step_by_step_guides

from ..core.errors import NotFound
from ..core.pagination import connection_type, paginate
from ...preview.drafts import preview_page
from ..self_service.filters import require_known
from .types import StepByStepGuide

StepByStepGuideConnection = connection_type(
    StepByStepGuide, "StepByStepGuide", "A page of published step-by-step guides, ordered by slug."
)


class StepByStepQuery(graphene.ObjectType):
    step_by_step_guide = graphene.Field(
        StepByStepGuide, slug=graphene.String(required=True, description="The guide's slug."),
        description="One published step-by-step guide.",
    )
    step_by_step_guides = graphene.Field(
        StepByStepGuideConnection,
        required=True,
        first=graphene.Int(description="Page size, 1-100 (default 20)."),
        after=graphene.String(description="Cursor from the previous page."),
        topic=graphene.String(description="Only guides in this topic (slug)."),
        description="Published step-by-step guides.",
    )

    @staticmethod
    def resolve_step_by_step_guide(root, info, slug):
        page = live_step_by_step_guides().filter(slug=slug).first()
        grant = getattr(info.context, "preview_grant", None)
        if grant is not None:
            page = preview_page(grant, StepByStepPage.objects.filter(slug=slug).first()) or page
        if page is None:
            raise NotFound(f"No published step-by-step guide with slug '{slug}'.", argument="slug")
        return page

    @staticmethod
    def resolve_step_by_step_guides(root, info, first=None, after=None, topic=None):
        require_known(Topic, "slug", topic, "topic")
        queryset = live_step_by_step_guides()
        if topic:
            queryset = queryset.filter(topics__slug=topic).distinct()
        return paginate(queryset, name="stepByStepGuides", key_field="slug", first=first, after=after)
