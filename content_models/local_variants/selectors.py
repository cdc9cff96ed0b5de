"""What a municipality sees of national content: the one localisation rule and the one selector every reader uses.

The rule: a municipality sees its own live variant, else its region's, else none (for a self-service link: the
national URL). Drafts are seen only when the caller passes one under a preview grant. The GraphQL API, the citizen
site and search (which municipalities have local content) all read through this module, and get immutable values
back: no model instance carries the municipality of a request.

Cost: ``localise_guides`` for any number of guides is one query for their local texts, and with links two more
(links, their local URLs); ``localise_links`` is one query for the URLs. Neither grows with the number of variants.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db.models import OuterRef, Q, QuerySet, Subquery

from ..models import (
    Authority,
    GuidePage,
    GuideSection,
    LocalText,
    LocalTextBase,
    ModuleLocalText,
    Municipality,
    SelfServiceLinkPage,
    SelfServiceUrlOverride,
    Step,
    StepByStepPage,
    StepLocalText,
    TeachingModulePage,
)
from ..selectors import topics_by_page

MUNICIPALITY, REGION = "municipality", "region"
V = TypeVar("V")


@dataclass(frozen=True)
class Place:
    """Where a variant was written: a municipality or a region, named as citizens know it."""

    scope: str  # MUNICIPALITY or REGION
    code: str
    name: str  # "Aarhus Kommune", "Region Midtjylland"


@dataclass(frozen=True)
class ChosenLocalText:
    pk: int
    section_key: str  # the key of the part it sits under: a guide section's or a step's; "" for a module
    body: str  # stored (sanitised) rich text
    place: Place
    last_published_at: datetime | None
    is_draft: bool = False
    # The national text under it changed (a publish) after it was last published or confirmed.
    outdated: bool = False
    national_changed_at: datetime | None = None


@dataclass(frozen=True)
class LocalisedSection:
    key: str
    heading: str
    body: str  # the national text, stored rich text
    local_text: ChosenLocalText | None = None


@dataclass(frozen=True)
class LocalisedLink:
    """A self-service link at the address a municipality uses."""

    page: SelfServiceLinkPage  # the national item, as loaded
    url: str  # the municipality's own URL, else its region's, else the national one
    place: Place | None = None  # where ``url`` comes from; None: the national URL

    @property
    def national_url(self) -> str:
        return self.page.url

    @property
    def is_local(self) -> bool:
        return self.place is not None

    @property
    def title(self) -> str:
        return self.page.title


@dataclass(frozen=True)
class LocalisedGuide:
    """A guide as one municipality (or none) sees it."""

    page: GuidePage  # the guide, as loaded (live, or a draft under a preview grant)
    municipality_code: str  # "" for no municipality
    sections: tuple[LocalisedSection, ...]
    links: tuple[LocalisedLink, ...] = ()  # related live links, when asked for
    topics: tuple | None = None  # the guide's topics when read with ``from_database`` (else: page.topics)

    @property
    def has_local_text(self) -> bool:
        return any(section.local_text for section in self.sections)


# --- the rule ---------------------------------------------------------------------------------------------------


def pick_variant(variants: Iterable[V], municipality: Municipality | None) -> V | None:
    """From candidate variants (each with municipality_id / region_id), the one ``municipality`` sees."""
    if municipality is None:
        return None
    regional = None
    for variant in variants:
        if variant.municipality_id == municipality.pk:
            return variant
        if variant.region_id is not None and variant.region_id == municipality.region_id:
            regional = variant
    return regional


def _candidates(queryset: QuerySet, municipality: Municipality) -> QuerySet:
    """Live variants that can apply to ``municipality``, with what naming their place needs, in one query."""
    authority = Authority.objects.filter(type=Authority.Type.MUNICIPALITY, municipality=OuterRef("municipality_id"))
    return (
        queryset.filter(live=True)
        .filter(Q(municipality=municipality) | Q(region_id=municipality.region_id))
        .select_related("municipality", "region")
        .annotate(municipality_authority_name=Subquery(authority.order_by("pk").values("name")[:1]))
    )


def _place(variant) -> Place:
    if variant.municipality_id:
        municipality = variant.municipality
        name = getattr(variant, "municipality_authority_name", None) or f"{municipality.name} Kommune"
        return Place(MUNICIPALITY, municipality.code, name)
    return Place(REGION, variant.region.code, variant.region.name)


def covered_municipality_codes(variants: Iterable, codes_by_region: dict[str, list[str]]) -> list[str]:
    """The municipalities that see at least one of ``variants``: a region's variant covers all its municipalities."""
    codes = set()
    for variant in variants:
        if variant.municipality_id:
            codes.add(variant.municipality.code)
        else:
            codes.update(codes_by_region.get(variant.region.code, []))
    return sorted(codes)


# --- guides -----------------------------------------------------------------------------------------------------


def _chosen(text: LocalTextBase, is_draft: bool = False) -> ChosenLocalText:
    return ChosenLocalText(
        pk=text.pk, section_key=text.target_key, body=text.body, place=_place(text),
        last_published_at=text.last_published_at, is_draft=is_draft, outdated=text.outdated,
        national_changed_at=text.national_changed_at,
    )


def _candidates_by_target(model: type[LocalTextBase], items, municipality) -> dict[tuple[int, str], list]:
    """Live local texts of ``model`` that can apply to ``municipality``, by (item id, part key): one query."""
    found: dict[tuple[int, str], list] = {}
    saved = [item.pk for item in items if item.pk]
    if municipality is None or not saved:
        return found
    queryset = model.objects.filter(**{f"{model.localised_field}_id__in": saved})
    for text in _candidates(queryset, municipality):
        found.setdefault((getattr(text, f"{model.localised_field}_id"), text.target_key), []).append(text)
    return found


def _choose(candidates, item, key, municipality, draft, draft_text) -> ChosenLocalText | None:
    """The draft under preview where it belongs, else what the rule picks."""
    if draft is not None and draft_text.localised_item.pk == item.pk and draft.section_key == key:
        return draft
    text = pick_variant(candidates.get((item.pk, key), ()), municipality)
    return _chosen(text) if text is not None else None


def _draft_place(draft: LocalTextBase) -> ChosenLocalText:
    # A draft comes from its own row (not the candidates query): name its place from its own relations.
    municipality_name = None
    if draft.municipality_id:
        municipality_name = (
            Authority.objects.filter(type=Authority.Type.MUNICIPALITY, municipality_id=draft.municipality_id)
            .order_by("pk").values_list("name", flat=True).first()
        )
    draft.municipality_authority_name = municipality_name
    return _chosen(draft, is_draft=True)


def localise_guides(
    guides: Sequence[GuidePage],
    municipality: Municipality | None,
    *,
    with_links: bool = False,
    draft_local_text: LocalText | None = None,
    from_database: bool = False,
) -> list[LocalisedGuide]:
    """``guides`` as ``municipality`` sees them, in the given order.

    Sections are read from each page as given (a draft page under preview has them in memory), or with
    ``from_database`` as plain values in one query for all the guides, and their topics in two more (no model
    instance per section, no manager per guide: the API's lists). With ``with_links`` the guides' related live
    links come along, at the municipality's addresses (their ``topics`` prefetched). ``draft_local_text`` (an
    editor's preview, never public) is shown in its section of its guide instead of what the rule picks.
    """
    guides = list(guides)
    candidates = _candidates_by_target(LocalText, guides, municipality)
    links_by_guide = _links_of(guides, municipality) if with_links else {}
    draft = _draft_place(draft_local_text) if draft_local_text is not None else None
    stored = _stored_sections(guides) if from_database else None
    topics = topics_by_page(GuidePage, guides) if from_database else None
    localised = []
    for guide in guides:
        sections = []
        parts = stored.get(guide.pk, ()) if stored is not None else (
            (section.key, section.heading, section.body) for section in guide.sections.all()
        )
        for key, heading, body in parts:
            chosen = _choose(candidates, guide, key, municipality, draft, draft_local_text)
            sections.append(LocalisedSection(key, heading, body, chosen))
        localised.append(
            LocalisedGuide(
                page=guide, municipality_code=municipality.code if municipality else "", sections=tuple(sections),
                links=tuple(links_by_guide.get(id(guide), ())),
                topics=tuple(topics.get(guide.pk, ())) if topics is not None else None,
            )
        )
    return localised


def _stored_sections(guides: list[GuidePage]) -> dict[int, list[tuple[str, str, str]]]:
    """(key, heading, body) of each saved guide's sections, in order, by guide id: one query."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    rows = GuideSection.objects.filter(page_id__in=[guide.pk for guide in guides if guide.pk])
    for page_id, key, heading, body in rows.order_by("sort_order", "pk").values_list("page_id", "key", "heading",
                                                                                    "body"):
        found.setdefault(page_id, []).append((key, heading, body))
    return found


def localise_guide(guide: GuidePage, municipality: Municipality | None, **options) -> LocalisedGuide:
    return localise_guides([guide], municipality, **options)[0]


def _links_of(guides: list[GuidePage], municipality: Municipality | None) -> dict[int, list[LocalisedLink]]:
    """Each guide's related live links (by the guide object's id, drafts included), by title."""
    ids_by_guide = {id(guide): [link.pk for link in guide.self_service_links.all()] for guide in guides}
    wanted = {pk for ids in ids_by_guide.values() for pk in ids}
    if not wanted:
        return {}
    links = (
        SelfServiceLinkPage.objects.live().public().filter(pk__in=wanted)
        .select_related("authority").prefetch_related("topics").order_by("title")
    )
    by_pk = {link.page.pk: link for link in localise_links(links, municipality)}  # by title
    return {key: [link for pk, link in by_pk.items() if pk in set(ids)] for key, ids in ids_by_guide.items()}


# --- self-service links -------------------------------------------------------------------------------------------


def localise_links(links: Iterable[SelfServiceLinkPage], municipality: Municipality | None) -> list[LocalisedLink]:
    """``links`` at the addresses ``municipality`` uses, in the given order (one query for the local URLs)."""
    links = list(links)
    candidates: dict[int, list[SelfServiceUrlOverride]] = {}
    saved = [link.pk for link in links if link.pk]
    if municipality is not None and saved:
        for override in _candidates(SelfServiceUrlOverride.objects.filter(link_id__in=saved), municipality):
            candidates.setdefault(override.link_id, []).append(override)
    localised = []
    for link in links:
        override = pick_variant(candidates.get(link.pk, ()), municipality)
        if override is None:
            localised.append(LocalisedLink(link, link.url))
        else:
            localised.append(LocalisedLink(link, override.url, _place(override)))
    return localised


def localise_link(link: SelfServiceLinkPage, municipality: Municipality | None) -> LocalisedLink:
    return localise_links([link], municipality)[0]


# --- step-by-step guides and teaching modules ---------------------------------------------------------------------


@dataclass(frozen=True)
class LocalisedStep:
    step: Step  # the national step, as loaded
    position: int  # 1-based
    local_text: ChosenLocalText | None = None

    @property
    def key(self) -> str:
        return self.step.key


@dataclass(frozen=True)
class LocalisedStepByStep:
    """A step-by-step guide as one municipality (or none) sees it: each step with its local text."""

    page: StepByStepPage
    municipality_code: str
    steps: tuple[LocalisedStep, ...]


@dataclass(frozen=True)
class LocalisedModule:
    """A teaching module as one municipality (or none) sees it: the module with its local text."""

    page: TeachingModulePage
    municipality_code: str
    local_text: ChosenLocalText | None = None


def localise_step_by_steps(
    pages: Sequence[StepByStepPage], municipality: Municipality | None, *, draft_local_text: StepLocalText | None = None
) -> list[LocalisedStepByStep]:
    """``pages`` as ``municipality`` sees them (one query for the local texts of all of them)."""
    pages = list(pages)
    candidates = _candidates_by_target(StepLocalText, pages, municipality)
    draft = _draft_place(draft_local_text) if draft_local_text is not None else None
    code = municipality.code if municipality else ""
    return [
        LocalisedStepByStep(page, code, tuple(
            LocalisedStep(step, position, _choose(candidates, page, step.key, municipality, draft, draft_local_text))
            for position, step in enumerate(page.steps.all(), start=1)
        ))
        for page in pages
    ]


def localise_step_by_step(page: StepByStepPage, municipality: Municipality | None, **options) -> LocalisedStepByStep:
    return localise_step_by_steps([page], municipality, **options)[0]


def localise_modules(
    pages: Sequence[TeachingModulePage], municipality: Municipality | None, *,
    draft_local_text: ModuleLocalText | None = None,
) -> list[LocalisedModule]:
    pages = list(pages)
    candidates = _candidates_by_target(ModuleLocalText, pages, municipality)
    draft = _draft_place(draft_local_text) if draft_local_text is not None else None
    code = municipality.code if municipality else ""
    return [
        LocalisedModule(page, code, _choose(candidates, page, "", municipality, draft, draft_local_text))
        for page in pages
    ]


def localise_module(page: TeachingModulePage, municipality: Municipality | None, **options) -> LocalisedModule:
    return localise_modules([page], municipality, **options)[0]
