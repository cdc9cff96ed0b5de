"""The content kinds, each declared once.

Everything that lists kinds derives from this registry: the event log (which models it tracks and how it names
them), the GraphQL enums (``ChangeKind``, ``SearchKind``), the search projection and its kind facet, the citizen
site's labels and topic pages, the webhook filters, Digital Post (what can be followed, what notifies) and the
import/export dispatch. Adding a kind or a fact about every kind means editing this module, not a dozen.

This module imports no models (models import it for their names), so it is safe to import from anywhere.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


class UnknownKind(LookupError):
    pass


@dataclass(frozen=True)
class ContentKind:
    code: str  # "guide": the kind in the event log, import lines, search documents and webhook filters
    model_label: str  # "content_models.GuidePage"
    enum_name: str  # "GUIDE": its name in the GraphQL enums
    label: str  # "Vejledning": its one Danish name, everywhere a person reads it
    plural: str  # "Vejledninger"
    definite: str  # "vejledningen": in running Danish text (Digital Post messages)
    description: str  # English, for the API documentation
    identifier: str = "slug"  # the field that identifies an item in events, import lines and search
    in_event_log: bool = True  # publish/unpublish/delete append events: change feed, webhooks, indexing
    searchable: bool = False  # one search document per live item
    followable: bool = False  # citizens and businesses can subscribe to it in Digital Post
    notifiable: bool = False  # a major update notifies its subscribers
    citizen_page: bool = False  # a Wagtail page of the citizen site (listed on topic pages)
    variant_of: str = ""  # a local variant of this kind: its events change that item (search, identifiers)
    refers_to: tuple[str, ...] = ()  # kinds its items name (a guide names topics): those are imported first
    has_image: bool = False  # carries one optional image (with alt text): admin, import/export, GraphQL `image`
    importer: str = ""  # dotted path of its import/export handler (content_models.importing.handlers)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def verbose_name(self) -> str:
        """The model's verbose_name: the label as Django writes it (lower case)."""
        return self.label[0].lower() + self.label[1:]

    @property
    def verbose_name_plural(self) -> str:
        return self.plural[0].lower() + self.plural[1:]

    @property
    def import_handler(self):
        if not self.importer:
            raise UnknownKind(f"kind {self.code!r} cannot be imported")
        return import_string(self.importer)


class KindRegistry:
    """The kinds in declaration order."""

    def __init__(self, kinds=()):
        self._kinds: dict[str, ContentKind] = {}
        for kind in kinds:
            self.register(kind)

    def register(self, kind: ContentKind) -> ContentKind:
        if kind.code in self._kinds:
            raise ValueError(f"kind {kind.code!r} is already registered")
        self._kinds[kind.code] = kind
        return kind

    def unregister(self, code: str) -> None:
        self._kinds.pop(code, None)

    @contextmanager
    def temporarily(self, kind: ContentKind) -> Iterator[ContentKind]:
        """Register ``kind`` for the duration of a block (tests)."""
        self.register(kind)
        try:
            yield kind
        finally:
            self.unregister(kind.code)

    def __iter__(self) -> Iterator[ContentKind]:
        return iter(list(self._kinds.values()))

    def __contains__(self, code) -> bool:
        return code in self._kinds

    def get(self, code: str) -> ContentKind:
        try:
            return self._kinds[code]
        except (KeyError, TypeError):
            raise UnknownKind(f"unknown content kind {code!r}") from None

    def codes(self, **flags) -> tuple[str, ...]:
        return tuple(kind.code for kind in self.where(**flags))

    def where(self, **flags) -> list[ContentKind]:
        """The kinds whose attributes equal ``flags``, e.g. ``where(searchable=True)``."""
        return [kind for kind in self if all(getattr(kind, name) == value for name, value in flags.items())]

    def for_model(self, model) -> ContentKind | None:
        for kind in self:
            if kind.model is model:
                return kind
        return None

    def label(self, code: str) -> str:
        """The Danish name of a kind; the code itself for something that is not a kind (never an error)."""
        return self._kinds[code].label if code in self._kinds else code

    def choices(self, **flags) -> list[tuple[str, str]]:
        return [(kind.code, kind.label) for kind in self.where(**flags)]

    def variants_of(self, code: str) -> list[ContentKind]:
        return [kind for kind in self if kind.variant_of == code]

    def dependency_order(self, kinds: list[ContentKind] | None = None) -> list[ContentKind]:
        """``kinds`` (default: all) with every kind after the kinds it refers to and local variants right after
        their item, else in declaration order."""
        kinds = list(self) if kinds is None else kinds
        wanted, ordered, visiting = {kind.code for kind in kinds}, [], set()

        def visit(kind):
            if kind in ordered:
                return
            if kind.code in visiting:
                raise ValueError(f"kinds refer to each other in a cycle through {kind.code!r}")
            visiting.add(kind.code)
            for code in kind.refers_to:
                if code != kind.code and code in wanted:
                    visit(self.get(code))
            ordered.append(kind)
            for variant in self.variants_of(kind.code):  # local variants right after their item
                if variant.code in wanted:
                    visit(variant)

        for kind in kinds:
            visit(kind)
        return ordered


_HANDLERS = "content_models.importing.handlers"

GUIDE = ContentKind(
    "guide", "content_models.GuidePage", "GUIDE", "Vejledning", "Vejledninger", "vejledningen",
    "A national guide (borger.dk article) with sections that local text attaches to.",
    searchable=True, followable=True, notifiable=True, citizen_page=True, has_image=True,
    refers_to=("topic", "self_service_link", "image"), importer=f"{_HANDLERS}.GUIDE",
)
SELF_SERVICE_LINK = ContentKind(
    "self_service_link", "content_models.SelfServiceLinkPage", "SELF_SERVICE_LINK", "Selvbetjeningsløsning",
    "Selvbetjeningsløsninger", "selvbetjeningsløsningen", "A public authority's eService (self-service link).",
    searchable=True, citizen_page=True, has_image=True, refers_to=("authority", "topic", "image"),
    importer=f"{_HANDLERS}.SELF_SERVICE_LINK",
)
STEP_BY_STEP = ContentKind(
    "step_by_step", "content_models.StepByStepPage", "STEP_BY_STEP", "Trin-for-trin-vejledning",
    "Trin-for-trin-vejledninger", "trin-for-trin-vejledningen", "A boligejer.dk step-by-step guide for home owners.",
    searchable=True, citizen_page=True, has_image=True, refers_to=("topic", "image"),
    importer=f"{_HANDLERS}.STEP_BY_STEP",
)
TEACHING_MODULE = ContentKind(
    "teaching_module", "content_models.TeachingModulePage", "TEACHING_MODULE", "Undervisningsforløb",
    "Undervisningsforløb", "undervisningsforløbet", "An IT-formidler teaching module for digital-skills teachers.",
    searchable=True, citizen_page=True, has_image=True, refers_to=("topic", "image"),
    importer=f"{_HANDLERS}.TEACHING_MODULE",
)
STANDARD = ContentKind(
    "standard", "content_models.Standard", "STANDARD", "Standard", "Standarder", "standarden",
    "An entry of the catalogue of data-interchange standards.",
    identifier="identifier", searchable=True, followable=True, notifiable=True, importer=f"{_HANDLERS}.STANDARD",
)
LOCAL_TEXT = ContentKind(
    "local_text", "content_models.LocalText", "LOCAL_TEXT", "Lokaltekst", "Lokaltekster", "lokalteksten",
    "A municipality's or region's text under one section of a guide; identified as "
    "'guide-slug/section-key/place-code'.",
    identifier="guide/section/place", variant_of="guide", refers_to=("guide", "step_by_step", "teaching_module"),
    importer=f"{_HANDLERS}.LOCAL_TEXT",  # local_text lines name one target: a guide section, a step or a module
)
STEP_LOCAL_TEXT = ContentKind(
    "step_local_text", "content_models.StepLocalText", "STEP_LOCAL_TEXT", "Lokaltekst til trin",
    "Lokaltekster til trin", "lokalteksten til trinnet",
    "A municipality's or region's text under one step of a step-by-step guide; identified as "
    "'step-by-step-slug/step-key/place-code'.",
    identifier="step_by_step/step/place", variant_of="step_by_step", refers_to=("step_by_step",),
)
MODULE_LOCAL_TEXT = ContentKind(
    "module_local_text", "content_models.ModuleLocalText", "MODULE_LOCAL_TEXT", "Lokaltekst til undervisningsforløb",
    "Lokaltekster til undervisningsforløb", "lokalteksten til forløbet",
    "A municipality's or region's text for a teaching module as a whole; identified as 'module-slug/place-code'.",
    identifier="teaching_module/place", variant_of="teaching_module", refers_to=("teaching_module",),
)
SELF_SERVICE_URL = ContentKind(
    "self_service_url", "content_models.SelfServiceUrlOverride", "SELF_SERVICE_URL", "Lokal selvbetjeningsadresse",
    "Lokale selvbetjeningsadresser", "den lokale selvbetjeningsadresse",
    "A municipality's or region's own address for an eService; identified as 'link-slug/place-code'.",
    identifier="link/place", variant_of="self_service_link", refers_to=("self_service_link",),
)
TOPIC = ContentKind(
    "topic", "content_models.Topic", "TOPIC", "Emne", "Emner", "emnet",
    "A borger.dk-style topic (category); topics form a tree.",
    in_event_log=False, followable=True, importer=f"{_HANDLERS}.TOPIC",
)
AUTHORITY = ContentKind(
    "authority", "content_models.Authority", "AUTHORITY", "Myndighed", "Myndigheder", "myndigheden",
    "A public authority responsible for content.",
    in_event_log=False, importer=f"{_HANDLERS}.AUTHORITY",
)

IMAGE = ContentKind(
    "image", "content_models.PortalImage", "IMAGE", "Billede", "Billeder", "billedet",
    "An image with required alt text; pages refer to it by its stable key.",
    identifier="key", in_event_log=False, importer=f"{_HANDLERS}.IMAGE",
)

# Declaration order is the order people see kinds in (enums, facets, menus); dependency order comes from
# ``refers_to`` (KindRegistry.dependency_order).
registry = KindRegistry(
    [
        GUIDE, SELF_SERVICE_LINK, STEP_BY_STEP, TEACHING_MODULE, STANDARD, LOCAL_TEXT, SELF_SERVICE_URL, TOPIC,
        AUTHORITY, STEP_LOCAL_TEXT, MODULE_LOCAL_TEXT, IMAGE,
    ]
)
