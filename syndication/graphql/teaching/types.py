import graphene

from content_models.models import TeachingMaterial, TeachingModulePage

from ..core.html import body_html
from ..core.models import ModelType
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


class TeachingModule(ModelType):
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
    image = image_field()

    class Meta:
        model = TeachingModulePage
        fields = (
            "slug", "title", "summary", "url", "audience", "level", "level_label", "duration_minutes", "objectives",
            "body_html", "materials", "topics", "last_published_at", "image",
        )

    @staticmethod
    def resolve_url(page, info):
        return page_url(page, info.context)

    @staticmethod
    def resolve_level_label(page, info):
        return page.get_level_display()

    @staticmethod
    def resolve_objectives(page, info):
        return [objective.text for objective in page.objectives.all()]

    @staticmethod
    def resolve_body_html(page, info):
        return body_html(page.body)

    @staticmethod
    def resolve_materials(page, info):
        return page.materials.all()

    @staticmethod
    def resolve_topics(page, info):
        return page.topics.all()

    resolve_image = staticmethod(resolve_page_image)
