import graphene

from content_models.models import Step as StepModel
from content_models.models import StepByStepPage

from ..core.html import body_html
from ..core.models import ModelType
from ..core.urls import page_url
from ..images.types import image_field, resolve_page_image
from ..topics.types import Topic


class Step(ModelType):
    """One step of a step-by-step guide."""

    position = graphene.Int(required=True, description="1-based position of the step.")
    title = graphene.String(required=True, description="Step title.")
    body_html = graphene.String(required=True, description="Step text as sanitised HTML.")
    tools = graphene.List(graphene.NonNull(graphene.String), required=True, description="Tools and documents to use.")
    document_url = graphene.String(description="A document attached to the step.")

    class Meta:
        model = StepModel
        fields = ("position", "title", "body_html", "tools", "document_url")

    @staticmethod
    def resolve_position(step, info):
        return info.path.key + 1  # the step's index in the guide's ordered list of steps

    @staticmethod
    def resolve_body_html(step, info):
        return body_html(step.body)

    @staticmethod
    def resolve_tools(step, info):
        return step.tool_list

    @staticmethod
    def resolve_document_url(step, info):
        return step.document.url if step.document_id else None


class StepByStepGuide(ModelType):
    """A boligejer.dk step-by-step guide for home owners."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Title.")
    summary = graphene.String(required=True, description="Short summary.")
    url = graphene.String(description="The guide's page on the portal.")
    last_published_at = graphene.DateTime(description="When it was last published.")
    topics = graphene.List(graphene.NonNull(Topic), required=True, description="Topics.")
    steps = graphene.List(graphene.NonNull(Step), required=True, description="The steps, in order.")
    image = image_field()

    class Meta:
        model = StepByStepPage
        fields = ("slug", "title", "summary", "url", "last_published_at", "topics", "steps", "image")

    @staticmethod
    def resolve_url(page, info):
        return page_url(page, info.context)

    @staticmethod
    def resolve_topics(page, info):
        return page.topics.all()

    @staticmethod
    def resolve_steps(page, info):
        return page.steps.all()

    resolve_image = staticmethod(resolve_page_image)
