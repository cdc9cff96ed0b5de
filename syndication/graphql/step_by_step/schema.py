import graphene

from content_models.local_variants.selectors import localise_step_by_step, localise_step_by_steps
from content_models.models import StepByStepPage, Topic
from content_models.selectors import live_step_by_step_guides

from ..core.arguments import content_locale, resolve_municipality
from ..core.errors import NotFound
from ..core.fields import connection_field, live_or_previewed, locale_argument, topic_filter
from ..core.pagination import connection_type, paginate
from ..core.translations import remember
from ..self_service.filters import require_known
from .types import StepByStepGuide

StepByStepGuideConnection = connection_type(
    StepByStepGuide, "StepByStepGuide", "A page of published step-by-step guides, ordered by slug."
)


class StepByStepQuery(graphene.ObjectType):
    step_by_step_guide = graphene.Field(
        StepByStepGuide, slug=graphene.String(required=True, description="The guide's slug."),
        municipality=graphene.String(description="Municipality code (e.g. '101'); fills in local text."),
        locale=locale_argument("The guide's language"),
        description="One published step-by-step guide.",
    )
    step_by_step_guides = connection_field(
        StepByStepGuideConnection, "Published step-by-step guides.", topic=topic_filter(),
        municipality=graphene.String(description="Municipality code (e.g. '101'); fills in local text."),
        locale=locale_argument("Only guides in this language"),
    )

    @staticmethod
    def resolve_step_by_step_guide(root, info, slug, municipality=None, locale=None):
        place = resolve_municipality(municipality)
        locale = content_locale(locale)
        live = live_step_by_step_guides(locale).filter(slug=slug).first()
        page = live_or_previewed(info, live, StepByStepPage.objects.filter(slug=slug, locale__language_code=locale))
        if page is None:
            raise NotFound(f"No published step-by-step guide with slug '{slug}' in locale '{locale}'.",
                           argument="slug")
        return localise_step_by_step(page, place)

    @staticmethod
    def resolve_step_by_step_guides(root, info, first=None, after=None, topic=None, municipality=None, locale=None):
        place = resolve_municipality(municipality)
        locale = content_locale(locale)
        require_known(Topic, "slug", topic, "topic")
        queryset = live_step_by_step_guides(locale)
        if topic:
            queryset = queryset.filter(topics__slug=topic).distinct()
        result = paginate(queryset, name="stepByStepGuides", key_field="slug", first=first, after=after)
        for edge, guide in zip(result.edges, localise_step_by_steps([edge["node"] for edge in result.edges], place)):
            edge["node"] = guide
        remember(info, [edge["node"] for edge in result.edges])
        return result
