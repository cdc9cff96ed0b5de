import graphene

from content_models.local_variants.selectors import localise_module, localise_modules
from content_models.models import TeachingModulePage, Topic
from content_models.selectors import live_teaching_modules

from ..core.arguments import content_locale, resolve_municipality
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
        municipality=graphene.String(description="Municipality code (e.g. '101'); fills in local text."),
        locale=locale_argument("The module's language"),
        description="One published teaching module.",
    )
    teaching_modules = connection_field(
        TeachingModuleConnection, "Published teaching modules.",
        topic=topic_filter(), level=Level(description="Only modules of this level."),
        municipality=graphene.String(description="Municipality code (e.g. '101'); fills in local text."),
        locale=locale_argument("Only modules in this language"),
    )

    @staticmethod
    def resolve_teaching_module(root, info, slug, municipality=None, locale=None):
        place = resolve_municipality(municipality)
        locale = content_locale(locale)
        live = live_teaching_modules(locale).filter(slug=slug).first()
        page = live_or_previewed(info, live, TeachingModulePage.objects.filter(slug=slug, locale__language_code=locale))
        if page is None:
            raise NotFound(f"No published teaching module with slug '{slug}' in locale '{locale}'.", argument="slug")
        return localise_module(page, place)

    @staticmethod
    def resolve_teaching_modules(root, info, first=None, after=None, topic=None, level=None, municipality=None,
                                 locale=None):
        place = resolve_municipality(municipality)
        locale = content_locale(locale)
        require_known(Topic, "slug", topic, "topic")
        queryset = live_teaching_modules(locale)
        if topic:
            queryset = queryset.filter(topics__slug=topic).distinct()
        if level:
            queryset = queryset.filter(level=level.value)
        result = paginate(queryset, name="teachingModules", key_field="slug", first=first, after=after)
        for edge, module in zip(result.edges, localise_modules([edge["node"] for edge in result.edges], place)):
            edge["node"] = module
        remember(info, [edge["node"] for edge in result.edges])
        return result
