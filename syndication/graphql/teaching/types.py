import graphene

from content_models.local_variants.selectors import LocalisedModule
from content_models.models import TeachingMaterial, TeachingModulePage

from ..core.html import body_html
from ..core.models import ModelType, from_page
from ..guides.types import LocalText
from ..lifecycle.types import LIFECYCLE_FIELD_NAMES, LifecycleFields
from ..core.urls import page_url
from ..images.types import image_field, resolve_page_image
from ..topics.types import Topic


class Level(graphene.Enum):
    """How much the learners already know."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Material(ModelType):
    """A document to use in the teaching."""

    title = graphene.String(required=True, description="Title of the material.")
    url = graphene.String(required=True, description="Where to download it.")

    class Meta:
        model = TeachingMaterial
        fields = ("title", "url")

    @staticmethod
    def resolve_url(material, info):
        return material.document.url


class TeachingModule(LifecycleFields, ModelType):
    """An IT-formidler teaching module for digital-skills teachers."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Title.")
    summary = graphene.String(required=True, description="Short summary.")
    url = graphene.String(description="The module's page on the portal.")
    audience = graphene.String(required=True, description="Who the module is for (free text).")
    level = graphene.Field(Level, required=True, description="Beginner, intermediate or advanced.")
    level_label = graphene.String(required=True, description="The level in Danish (Begynder, Øvet, Erfaren).")
    duration_minutes = graphene.Int(required=True, description="How long the module takes, in minutes.")
    objectives = graphene.List(graphene.NonNull(graphene.String), required=True, description="Learning objectives.")
    body_html = graphene.String(required=True, description="The module's content as sanitised HTML.")
    materials = graphene.List(graphene.NonNull(Material), required=True, description="Documents for the module.")
    topics = graphene.List(graphene.NonNull(Topic), required=True, description="Topics.")
    last_published_at = graphene.DateTime(description="When it was last published.")
    local_text = graphene.Field(
        LocalText,
        description="The municipality's local text for the module (local venues, contacts; else its region's); "
        "null without a `municipality` argument or when there is none.",
    )
    image = image_field()

    class Meta:
        model = TeachingModulePage
        fields = (
            "slug", "title", "summary", "url", "audience", "level", "level_label", "duration_minutes", "objectives",
            "body_html", "materials", "topics", "last_published_at", "local_text", "image", *LIFECYCLE_FIELD_NAMES,
        )
        default_resolver = from_page

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, LocalisedModule)

    @staticmethod
    def resolve_url(module: LocalisedModule, info):
        return page_url(module.page, info.context)

    @staticmethod
    def resolve_level(module: LocalisedModule, info):
        return module.page.level

    @staticmethod
    def resolve_level_label(module: LocalisedModule, info):
        return module.page.get_level_display()

    @staticmethod
    def resolve_objectives(module: LocalisedModule, info):
        return [objective.text for objective in module.page.objectives.all()]

    @staticmethod
    def resolve_body_html(module: LocalisedModule, info):
        return body_html(module.page.body)

    @staticmethod
    def resolve_materials(module: LocalisedModule, info):
        return module.page.materials.all()

    @staticmethod
    def resolve_topics(module: LocalisedModule, info):
        return module.page.topics.all()

    @staticmethod
    def resolve_local_text(module: LocalisedModule, info):
        return module.local_text

    @staticmethod
    def resolve_image(module: LocalisedModule, info):
        return resolve_page_image(module.page, info)
