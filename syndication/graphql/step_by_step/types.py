import graphene

from content_models.local_variants.selectors import LocalisedStep, LocalisedStepByStep
from content_models.models import Step as StepModel
from content_models.models import StepByStepPage

from ..core.html import body_html
from ..core.models import ModelType, from_page, reads_no_info
from ..core.translations import Translatable, translation_fields
from ..core.urls import page_url
from ..guides.types import LocalText
from ..images.types import image_field, resolve_page_image
from ..lifecycle.types import LIFECYCLE_FIELD_NAMES, LifecycleFields
from ..topics.types import Topic


@reads_no_info
def from_step(attname, default_value, root, info, **args):
    return getattr(root.step, attname, default_value)


class Step(ModelType):
    """One step of a step-by-step guide."""

    position = graphene.Int(required=True, description="1-based position of the step.")
    key = graphene.String(required=True, description="Stable key of the step; local texts attach to it.")
    title = graphene.String(required=True, description="Step title.")
    body_html = graphene.String(required=True, description="Step text as sanitised HTML.")
    tools = graphene.List(graphene.NonNull(graphene.String), required=True, description="Tools and documents to use.")
    document_url = graphene.String(description="A document attached to the step.")
    local_text = graphene.Field(
        LocalText,
        description="The municipality's local text for this step (else its region's); null without a "
        "`municipality` argument or when there is none.",
    )

    class Meta:
        model = StepModel
        fields = ("position", "key", "title", "body_html", "tools", "document_url", "local_text")
        default_resolver = from_step

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, LocalisedStep)

    @staticmethod
    def resolve_position(step: LocalisedStep, info):
        return step.position

    @staticmethod
    def resolve_body_html(step: LocalisedStep, info):
        return body_html(step.step.body)

    @staticmethod
    def resolve_tools(step: LocalisedStep, info):
        return step.step.tool_list

    @staticmethod
    def resolve_document_url(step: LocalisedStep, info):
        return step.step.document.url if step.step.document_id else None

    @staticmethod
    def resolve_local_text(step: LocalisedStep, info):
        return step.local_text


class StepByStepGuide(LifecycleFields, Translatable, ModelType):
    """A boligejer.dk step-by-step guide for home owners."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Title.")
    summary = graphene.String(required=True, description="Short summary.")
    url = graphene.String(description="The guide's page on the portal.")
    last_published_at = graphene.DateTime(description="When it was last published.")
    topics = graphene.List(graphene.NonNull(Topic), required=True, description="Topics.")
    steps = graphene.List(graphene.NonNull(Step), required=True, description="The steps, in order.")
    locale, translations, translation_outdated = translation_fields()
    image = image_field()

    class Meta:
        model = StepByStepPage
        fields = (
            "slug", "title", "summary", "url", "last_published_at", "topics", "steps", "image", *LIFECYCLE_FIELD_NAMES,
            "locale", "translations", "translation_outdated",
        )
        default_resolver = from_page

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, LocalisedStepByStep)

    @staticmethod
    def resolve_url(guide: LocalisedStepByStep, info):
        return page_url(guide.page, info.context)

    @staticmethod
    def resolve_topics(guide: LocalisedStepByStep, info):
        return guide.page.topics.all()

    @staticmethod
    def resolve_steps(guide: LocalisedStepByStep, info):
        return guide.steps

    @staticmethod
    def resolve_image(guide: LocalisedStepByStep, info):
        return resolve_page_image(guide.page, info)
