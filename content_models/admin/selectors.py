"""What editors' dashboards and local-content pages read: one municipality's variants, due reviews, broken links."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ..local_variants.permissions import editable_municipality_ids
from ..models import (
    BAD_STATES,
    CONTENT_PAGE_MODELS,
    LOCAL_TEXT_MODELS,
    GuideSection,
    LinkStatus,
    SelfServiceLinkPage,
    SelfServiceUrlOverride,
    Step,
    TeachingModulePage,
)

DRAFT, LIVE, CHANGED, OUTDATED = "Kladde", "Publiceret", "Ændringer ikke publiceret", "Forældet"


def variant_state(variant) -> str:
    """The one word an editor needs about a local variant."""
    if getattr(variant, "outdated", False):
        return OUTDATED
    if not variant.live:
        return DRAFT
    return CHANGED if variant.has_unpublished_changes else LIVE


@dataclass(frozen=True)
class VariantRow:
    variant: object
    item: object  # the national page
    part: str  # the section's or step's key; "" for a module or an address
    state: str


def _scoped(queryset, municipality_ids):
    if municipality_ids is None:
        return queryset
    return queryset.filter(municipality_id__in=municipality_ids, region__isnull=True)


def my_variants(user, limit: int = 50) -> list[VariantRow]:
    """The user's municipality's local texts and addresses, outdated first, then newest."""
    ids = editable_municipality_ids(user)
    rows = []
    for model in (*LOCAL_TEXT_MODELS, SelfServiceUrlOverride):
        queryset = _scoped(model.objects.select_related(model.localised_field, "municipality", "region"), ids)
        for variant in queryset.order_by("-pk")[:limit]:
            rows.append(VariantRow(variant, variant.localised_item, getattr(variant, "target_key", ""),
                                   variant_state(variant)))
    rows.sort(key=lambda row: (row.state != OUTDATED, -row.variant.pk))
    return rows[:limit]


def outdated_local_texts(user, limit: int = 50) -> list:
    """Local texts in the user's places whose national text changed since they were last reviewed."""
    ids = editable_municipality_ids(user)
    texts = []
    for model in LOCAL_TEXT_MODELS:
        queryset = _scoped(model.objects.exclude(national_changed_at=None), ids).select_related(model.localised_field)
        texts += [text for text in queryset if text.outdated]
    texts.sort(key=lambda text: text.national_changed_at, reverse=True)
    return texts[:limit]


def due_reviews(days_ahead: int = 30, limit: int = 50) -> list:
    """Live pages whose review date has passed or falls within ``days_ahead`` days, earliest first."""
    until = timezone.localdate() + timedelta(days=days_ahead)
    pages = []
    for model in CONTENT_PAGE_MODELS:
        pages += list(model.objects.live().filter(review_by__lte=until).select_related("content_owner"))
    pages.sort(key=lambda page: page.review_by)
    return pages[:limit]


@dataclass(frozen=True)
class BrokenLink:
    url: str
    status: LinkStatus
    where: object  # the page or local variant that shows it
    label: str  # "Selvbetjeningsløsning", "Lokaltekst", ...


def _bad_statuses() -> dict[str, LinkStatus]:
    return {status.url: status for status in LinkStatus.objects.filter(state__in=BAD_STATES)}


def _bodies_with(queryset, bad: dict, field="body"):
    """Rows of ``queryset`` whose rich text links to a bad URL, with that URL."""
    if not bad:
        return
    condition = Q()
    for url in bad:
        condition |= Q(**{f"{field}__contains": url})
    for row in queryset.filter(condition):
        for url in bad:
            if url in getattr(row, field):
                yield row, url


def broken_municipal_links(user) -> list[BrokenLink]:
    """Broken addresses and links in local texts of the user's municipality."""
    bad, ids = _bad_statuses(), editable_municipality_ids(user)
    found = []
    overrides = _scoped(SelfServiceUrlOverride.objects.filter(live=True, url__in=bad), ids).select_related("link")
    found += [BrokenLink(o.url, bad[o.url], o, "Lokal adresse") for o in overrides]
    for model in LOCAL_TEXT_MODELS:
        texts = _scoped(model.objects.filter(live=True), ids)
        found += [BrokenLink(url, bad[url], text, "Lokaltekst") for text, url in _bodies_with(texts, bad)]
    return found


def broken_national_links() -> list[BrokenLink]:
    bad = _bad_statuses()
    found = [
        BrokenLink(page.url, bad[page.url], page, "Selvbetjeningsløsning")
        for page in SelfServiceLinkPage.objects.live().filter(url__in=bad)
    ]
    for section, url in _bodies_with(GuideSection.objects.filter(page__live=True).select_related("page"), bad):
        found.append(BrokenLink(url, bad[url], section.page, "Vejledning"))
    for step, url in _bodies_with(Step.objects.filter(page__live=True).select_related("page"), bad):
        found.append(BrokenLink(url, bad[url], step.page, "Trin-for-trin-vejledning"))
    for page, url in _bodies_with(TeachingModulePage.objects.live(), bad):
        found.append(BrokenLink(url, bad[url], page, "Undervisningsforløb"))
    return found
