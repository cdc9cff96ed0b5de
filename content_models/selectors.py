"""Reads of public content: only what is live, with the relations consumers need loaded in bulk."""

from django.db.models import Prefetch, QuerySet
from wagtail.models import Locale

from .models import (
    GuidePage,
    GuideSection,
    Municipality,
    SelfServiceLinkPage,
    Standard,
    Step,
    StepByStepPage,
    TeachingModulePage,
    Topic,
    normalise_municipality_code,
)


class UnknownMunicipality(LookupError):
    def __init__(self, code):
        super().__init__(f"Unknown municipality code '{code}'. Use an official 3-digit code such as '101' or '751'.")
        self.code = code


def municipality_by_code(code: str | None) -> Municipality | None:
    """The municipality for an official code (3 digits, or 4 zero-padded); None for no code."""
    if code in (None, ""):
        return None
    municipality = Municipality.objects.select_related("region").filter(code=normalise_municipality_code(code)).first()
    if municipality is None:
        raise UnknownMunicipality(code)
    return municipality


def _in_locale(queryset: QuerySet, locale: str | None) -> QuerySet:
    queryset = queryset.select_related("locale")  # every page's language is read (API, search, links)
    if not locale:
        return queryset
    return queryset.filter(locale__language_code=locale)


def live_self_service_links(locale: str | None = None) -> QuerySet:
    """Live, public self-service links with their authority and topics (local URLs: local_variants.selectors)."""
    return _in_locale(SelfServiceLinkPage.objects.live().public(), locale).select_related(
        "authority", "image"
    ).prefetch_related("topics")


def live_guides(
    locale: str | None = None, *, with_links: bool = True, with_parts: bool = True, with_image: bool = True
) -> QuerySet:
    """Live, public guides with sections and topics, and (if asked) which links they relate to.

    Local text is chosen for a municipality by content_models.local_variants.selectors.localise_guides, which can
    read the sections and topics itself, as plain values (``from_database``): then leave ``with_parts`` out here.
    Leave ``with_image`` out when no image is shown (an API query that does not ask for it): the join and an
    image instance per guide are a tenth of a list's cost.
    """
    prefetches = []
    if with_parts:
        prefetches += [Prefetch("sections", queryset=GuideSection.objects.order_by("sort_order")), "topics"]
    if with_links:
        prefetches.append(Prefetch("self_service_links", queryset=SelfServiceLinkPage.objects.only("pk")))
    related = ("locale", "image") if with_image else ("locale",)
    return _in_locale(GuidePage.objects.live().public(), locale).select_related(*related).prefetch_related(*prefetches)


def live_step_by_step_guides(locale: str | None = None) -> QuerySet:
    return _in_locale(StepByStepPage.objects.live().public(), locale).select_related("image").prefetch_related(
        Prefetch("steps", queryset=Step.objects.order_by("sort_order", "pk").select_related("document")), "topics"
    )


def live_teaching_modules(locale: str | None = None) -> QuerySet:
    return _in_locale(TeachingModulePage.objects.live().public(), locale).select_related("image").prefetch_related(
        "objectives", "materials__document", "topics"
    )


def live_standards() -> QuerySet:
    return Standard.objects.filter(live=True).prefetch_related(
        Prefetch("related", queryset=Standard.objects.filter(live=True))
    )


def topics_by_page(model, pages) -> dict[int, list[Topic]]:
    """The topics of each saved page of ``model`` (in Topic's order), by page id: two queries for any number of
    pages, one instance per topic (a prefetch would build a manager and an instance per page and topic)."""
    field = model._meta.get_field("topics")
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    pairs = list(through.objects.filter(**{f"{source}__in": [p.pk for p in pages if p.pk]}).values_list(source,
                                                                                                        target))
    topics = {topic.pk: topic for topic in Topic.objects.filter(pk__in={topic for _, topic in pairs})}
    rank = {pk: position for position, pk in enumerate(topics)}
    found: dict[int, list[Topic]] = {}
    for page_id, topic_id in sorted(pairs, key=lambda pair: rank[pair[1]]):
        found.setdefault(page_id, []).append(topics[topic_id])
    return found


def default_locale_code() -> str:
    return Locale.get_default().language_code
