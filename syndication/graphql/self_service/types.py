import graphene

from content_models.local_variants.selectors import LocalisedLink
from content_models.models import Authority as AuthorityModel
from content_models.models import SelfServiceLinkPage

from ..core.models import ModelType, from_page
from ..core.urls import page_url
from ..images.types import image_field, resolve_page_image
from ..lifecycle.types import LIFECYCLE_FIELD_NAMES, LifecycleFields
from ..link_health.types import link_status_field, resolve_link_status
from ..topics.types import Topic


class Login(graphene.Enum):
    """The login an eService requires."""

    NONE = "none"
    MITID = "mitid"
    MITID_ERHVERV = "mitid_erhverv"


class Audience(graphene.Enum):
    """Who an eService is for."""

    CITIZEN = "citizen"
    BUSINESS = "business"


class AuthorityType(graphene.Enum):
    """The kind of public authority."""

    STATE = "state"
    REGION = "region"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class Authority(ModelType):
    """A public authority responsible for an eService."""

    slug = graphene.String(required=True, description="Stable identifier.")
    name = graphene.String(required=True, description="Name, e.g. 'Udbetaling Danmark'.")
    type = graphene.Field(AuthorityType, required=True, description="State agency, region, municipality or other.")
    url = graphene.String(description="The authority's website.")
    cvr = graphene.String(description="CVR number, when known.")

    class Meta:
        model = AuthorityModel
        fields = ("slug", "name", "type", "url", "cvr")

    @staticmethod
    def resolve_url(authority, info):
        return authority.url or None

    @staticmethod
    def resolve_cvr(authority, info):
        return authority.cvr or None


class SelfServiceLink(LifecycleFields, ModelType):
    """A public authority's eService (selvbetjeningsløsning)."""

    slug = graphene.String(required=True, description="Stable identifier.")
    title = graphene.String(required=True, description="Danish title.")
    description = graphene.String(required=True, description="What the eService does.")
    url = graphene.String(
        required=True,
        description="Where to start the eService: the municipality's own URL when one exists "
        "(else its region's), otherwise the national URL.",
    )
    national_url = graphene.String(required=True, description="The national URL, whatever the municipality.")
    is_local_url = graphene.Boolean(required=True, description="True when `url` is a municipal or regional URL.")
    authority = graphene.Field(Authority, description="The responsible authority.")
    login = graphene.Field(Login, required=True, description="The login the eService requires.")
    audience = graphene.Field(Audience, required=True, description="Citizens or businesses.")
    topics = graphene.List(graphene.NonNull(Topic), required=True, description="Topics the eService belongs to.")
    page_url = graphene.String(description="The eService's page on the portal.")
    last_published_at = graphene.DateTime(description="When it was last published.")
    link_status = link_status_field(
        "The latest check of `url` as resolved for the requested municipality (its own URL, else the national)."
    )
    image = image_field()

    class Meta:
        model = SelfServiceLinkPage
        fields = (
            "slug", "title", "description", "url", "national_url", "is_local_url", "authority", "login", "audience",
            "topics", "page_url", "last_published_at", "link_status", "image", *LIFECYCLE_FIELD_NAMES,
        )
        default_resolver = from_page

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, LocalisedLink)

    @staticmethod
    def resolve_url(link: LocalisedLink, info):
        return link.url

    @staticmethod
    def resolve_national_url(link: LocalisedLink, info):
        return link.national_url

    @staticmethod
    def resolve_is_local_url(link: LocalisedLink, info):
        return link.is_local

    @staticmethod
    def resolve_topics(link: LocalisedLink, info):
        return link.page.topics.all()

    @staticmethod
    def resolve_page_url(link: LocalisedLink, info):
        return page_url(link.page, info.context)

    @staticmethod
    def resolve_link_status(link: LocalisedLink, info):
        return resolve_link_status(link.url, info)

    @staticmethod
    def resolve_image(link: LocalisedLink, info):
        return resolve_page_image(link.page, info)
