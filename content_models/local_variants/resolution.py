"""The one rule for what a municipality sees: its own variant, else its region's, else none."""

from collections.abc import Iterable
from typing import TypeVar

from ..models import LocalText, Municipality, SelfServiceUrlOverride

V = TypeVar("V")


def pick_variant(variants: Iterable[V], municipality: Municipality | None) -> V | None:
    """Choose from candidate variants (each with municipality_id / region_id) for ``municipality``.

    Pure function over already-loaded rows, so list queries can prefetch every
    candidate once and resolve in memory without a query per item.
    """
    if municipality is None:
        return None
    regional = None
    for variant in variants:
        if variant.municipality_id == municipality.pk:
            return variant
        if variant.region_id is not None and variant.region_id == municipality.region_id:
            regional = variant
    return regional


def resolve_local_text(guide, section_key: str, municipality: Municipality | None) -> LocalText | None:
    """The live local text a municipality sees under one section of a guide."""
    if municipality is None:
        return None
    candidates = LocalText.objects.filter(guide=guide, section_key=section_key, live=True).filter(
        municipality=municipality
    ) | LocalText.objects.filter(guide=guide, section_key=section_key, live=True, region_id=municipality.region_id)
    return pick_variant(candidates, municipality)


def resolve_self_service_url(link, municipality: Municipality | None) -> str:
    """The municipality's own live URL for an eService, else its region's, else the national one."""
    if municipality is None:
        return link.url
    candidates = SelfServiceUrlOverride.objects.filter(link=link, live=True, municipality=municipality) | (
        SelfServiceUrlOverride.objects.filter(link=link, live=True, region_id=municipality.region_id)
    )
    override = pick_variant(candidates, municipality)
    return override.url if override else link.url
