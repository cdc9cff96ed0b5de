import graphene

from content_models.models import TeachingModulePage, Topic
from content_models.selectors import live_teaching_modules

from ..core.arguments import content_locale
from ..core.errors import NotFound
from ..core.fields import connection_field, live_or_previewed, locale_argument, topic_filter
from ..core.pagination import connection_type, paginate
from ..core.translations import remember
from ..self_service.filters import require_known
from .types import Level, TeachingModule

TeachingModuleConnection = connection_type(
    TeachingModule, "TeachingModule", "A page of published teaching modules, ordered by slug."
)


class TeachingQuery(graphene.ObjectType):
    teaching_module = graphene.Field(
        TeachingModule, slug=graphene.String(required=True, description="The module's slug."),
        locale=locale_argument("The module's language"),
        description="One published teaching module.",
    )
    teaching_modules = connection_field(
        TeachingModuleConnection, "Published teaching modules.",
        topic=topic_filter(), level=Level(description="Only modules of this level."),
        locale=locale_argument("Only modules in this language"),
    )

    @staticmethod
    def resolve_teaching_module(root, info, slug, locale=None):
        locale = content_locale(locale)
        live = live_teaching_modules(locale).filter(slug=slug).first()
        page = live_or_previewed(info, live, TeachingModulePage.objects.filter(slug=slug, locale__language_code=locale))
        if page is None:
            raise NotFound(f"No published teaching module with slug '{slug}' in locale '{locale}'.", argument="slug")
        return page

    @staticmethod
    def resolve_teaching_modules(root, info, first=None, after=None, topic=None, level=None, locale=None):
        locale = content_locale(locale)
        require_known(Topic, "slug", topic, "topic")
        queryset = live_teaching_modules(locale)
        if topic:
            queryset = queryset.filter(topics__slug=topic).distinct()
        if level:
            queryset = queryset.filter(level=level.value)
        result = paginate(queryset, name="teachingModules", key_field="slug", first=first, after=after)
        remember(info, [edge["node"] for edge in result.edges])
        return result
