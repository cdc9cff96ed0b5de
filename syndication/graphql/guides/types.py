import graphene

from content_models.local_variants.selectors import ChosenLocalText, LocalisedGuide, LocalisedSection
from content_models.models import GuidePage

from ..core.html import body_html
from ..core.models import ModelType, from_page
from ..core.translations import Translatable, translation_fields
from ..core.urls import page_url
from ..images.types import image_field, resolve_page_image
from ..lifecycle.types import LIFECYCLE_FIELD_NAMES, LifecycleFields
from ..self_service.types import SelfServiceLink
from ..topics.types import Topic


class LocalScope(graphene.Enum):
    """Whose local text it is."""

    MUNICIPALITY = "municipality"
    REGION = "region"


class LocalText(graphene.ObjectType):
    """Municipal (or regional) text shown under a national section."""

    body_html = graphene.String(required=True, description="The local text as sanitised HTML.")
    scope = graphene.Field(LocalScope, required=True, description="Written for the municipality or its region.")
    place_code = graphene.String(required=True, description="Code of the municipality or region that wrote it.")
    last_published_at = graphene.DateTime(description="When the local text was last published.")
    outdated = graphene.Boolean(
        required=True,
        description="True when the national text under it had a published change after the local text was last "
        "published or confirmed by its editor; partners may choose to hide outdated local text.",
    )
    national_changed_at = graphene.DateTime(description="When the national text under it last changed, if ever.")

    @staticmethod
    def resolve_body_html(local_text: ChosenLocalText, info):
        return body_html(local_text.body)

    @staticmethod
    def resolve_scope(local_text: ChosenLocalText, info):
        return local_text.place.scope

    @staticmethod
    def resolve_place_code(local_text: ChosenLocalText, info):
        return local_text.place.code


class GuideSection(graphene.ObjectType):
    """One section of a guide."""

    key = graphene.String(required=True, description="Stable key of the section; local texts attach to it.")
    heading = graphene.String(required=True, description="Section heading.")
    body_html = graphene.String(required=True, description="The national text as sanitised HTML.")
    local_text = graphene.Field(
        LocalText,
        description="The municipality's local text for this section (else its region's); "
        "null without a `municipality` argument or when there is none.",
    )

    @staticmethod
    def resolve_body_html(section: LocalisedSection, info):
        return body_html(section.body)


class Guide(LifecycleFields, Translatable, ModelType):
    """A national guide (borger.dk article) with the chosen municipality's local text merged in."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Title.")
    summary = graphene.String(required=True, description="Short summary.")
    locale, translations, translation_outdated = translation_fields()
    url = graphene.String(description="The guide's page on the portal.")
    first_published_at = graphene.DateTime(description="When the guide was first published.")
    last_published_at = graphene.DateTime(description="When the guide was last published.")
    topics = graphene.List(graphene.NonNull(Topic), required=True, description="Topics of the guide.")
    sections = graphene.List(graphene.NonNull(GuideSection), required=True, description="Sections, in order.")
    self_service_links = graphene.List(
        graphene.NonNull(SelfServiceLink), required=True, description="Related published self-service links."
    )
    has_local_text = graphene.Boolean(
        required=True, description="True when the chosen municipality (or its region) has local text here."
    )
    image = image_field()

    class Meta:
        model = GuidePage
        fields = (
            "slug", "title", "summary", "locale", "url", "first_published_at", "last_published_at", "topics",
            "sections", "self_service_links", "has_local_text", "image", *LIFECYCLE_FIELD_NAMES, "translations",
            "translation_outdated",
        )
        default_resolver = from_page

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, LocalisedGuide)

    @staticmethod
    def resolve_url(guide: LocalisedGuide, info):
        return page_url(guide.page, info.context)

    @staticmethod
    def resolve_topics(guide: LocalisedGuide, info):
        return guide.topics if guide.topics is not None else guide.page.topics.all()

    @staticmethod
    def resolve_sections(guide: LocalisedGuide, info):
        return guide.sections

    @staticmethod
    def resolve_self_service_links(guide: LocalisedGuide, info):
        return guide.links

    @staticmethod
    def resolve_has_local_text(guide: LocalisedGuide, info):
        return guide.has_local_text

    @staticmethod
    def resolve_image(guide: LocalisedGuide, info):
        return resolve_page_image(guide.page, info)
