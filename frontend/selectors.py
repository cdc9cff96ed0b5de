"""Reads the citizen site needs beyond content_models.selectors: labels, lists, topics, standards."""

import re
from collections.abc import Iterable

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from wagtail.models import Page

from content_models.kinds import registry
from content_models.models import (
    Authority,
    GuidePage,
    Municipality,
    SelfServiceLinkPage,
    Standard,
    Topic,
    normalise_municipality_code,
)
from content_models.selectors import live_standards

_CODE = re.compile(r"^\d{3,4}$")


# --------------------------------------------------------------------------------------------------
# Municipalities


def _with_display_name(queryset: QuerySet) -> QuerySet:
    """Municipality.name is "Aarhus"; citizens know "Aarhus Kommune" (the municipality's authority name)."""
    authority = Authority.objects.filter(type=Authority.Type.MUNICIPALITY, municipality=OuterRef("pk"))
    return queryset.annotate(authority_name=Subquery(authority.order_by("pk").values("name")[:1]))


def _name(municipality: Municipality) -> str:
    return getattr(municipality, "authority_name", None) or f"{municipality.name} Kommune"


def municipality_for_code(code: str) -> Municipality | None:
    """The municipality with this official code (3 digits, or 4 zero-padded), None when there is none."""
    if not code or not _CODE.match(code):
        return None
    queryset = _with_display_name(Municipality.objects.select_related("region"))
    municipality = queryset.filter(code=normalise_municipality_code(code)).first()
    if municipality is not None:
        municipality.display_name = _name(municipality)
    return municipality


def all_municipalities() -> list[Municipality]:
    municipalities = list(_with_display_name(Municipality.objects.order_by("name")))
    for municipality in municipalities:
        municipality.display_name = _name(municipality)
    return municipalities


def municipality_names(codes: Iterable[str]) -> dict[str, str]:
    queryset = _with_display_name(Municipality.objects.filter(code__in=list(codes)))
    return {m.code: _name(m) for m in queryset}


def topic_titles(slugs: Iterable[str], language: str = "da") -> dict[str, str]:
    """Topic names by slug, in ``language`` where the topic has a name in it."""
    return {topic.slug: topic.title_in(language) for topic in Topic.objects.filter(slug__in=list(slugs))}


def standard_categories(identifiers: Iterable[str]) -> dict[str, str]:
    """What each catalogue entry is when it is not a standard ("Organisation", "Tjeneste"), by identifier (labels
    translated when shown)."""
    identifiers = list(identifiers)
    if not identifiers:
        return {}
    rows = Standard.objects.filter(identifier__in=identifiers).exclude(category=Standard.Category.STANDARD)
    return {identifier: Standard.Category(category).label for identifier, category in rows.values_list(
        "identifier", "category")}


def authority_names(slugs: Iterable[str]) -> dict[str, str]:
    return dict(Authority.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


# --------------------------------------------------------------------------------------------------
# Self-service links


def live_links(ids: Iterable[int]) -> list[SelfServiceLinkPage]:
    """Live self-service links by id, by title (only what a list shows: not the topics the API loads)."""
    ids = list(ids)
    if not ids:
        return []
    return list(SelfServiceLinkPage.objects.live().public().filter(pk__in=ids).select_related("authority").order_by("title"))


# --------------------------------------------------------------------------------------------------
# Lists


def live_children(index_page: Page, model) -> QuerySet:
    """The live, public pages of ``model`` under an index page, by title."""
    return model.objects.live().public().child_of(index_page).order_by("title")


def live_guides_linking(link: SelfServiceLinkPage) -> QuerySet:
    """The live guides in the link's language that name it (guides name a link by its Danish version)."""
    language = link.locale.language_code
    source = link if language == "da" else SelfServiceLinkPage.objects.filter(
        translation_key=link.translation_key, locale__language_code="da").first()
    if source is None:
        return GuidePage.objects.none()
    return GuidePage.objects.live().public().filter(self_service_links=source, locale__language_code=language).order_by(
        "title")


def topic_tree() -> list[Topic]:
    """Top-level topics, each with ``children`` prefetched."""
    return list(
        Topic.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Topic.objects.order_by("title"))
        )
    )


def topic_by_slug(slug: str) -> Topic | None:
    return Topic.objects.select_related("parent").filter(slug=slug).first()


def topic_and_descendants(topic: Topic) -> list[int]:
    """The topic's id and its descendants' (topics are a shallow tree; one query per level)."""
    ids, frontier = [topic.pk], [topic.pk]
    while frontier:
        frontier = list(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def live_items_in_topics(topic_ids: list[int], language: str) -> dict[str, QuerySet]:
    """Live pages in ``language`` of every kind with a citizen page tagged with one of ``topic_ids``, per kind."""
    return {
        kind.code: kind.model.objects.live().public().filter(topics__in=topic_ids, locale__language_code=language)
        .distinct().order_by("title")
        for kind in registry.where(citizen_page=True)
    }


def translated_into(language: str) -> set:
    """The translation keys of the live pages in ``language``: an item with one of them has a translation there."""
    return set(Page.objects.live().public().filter(locale__language_code=language).values_list(
        "translation_key", flat=True))


def standards(category: str = "") -> QuerySet:
    queryset = Standard.objects.filter(live=True).order_by("identifier")
    return queryset.filter(category=category) if category else queryset


def standard_by_identifier(identifier: str) -> Standard | None:
    return live_standards().filter(identifier=identifier).first()
