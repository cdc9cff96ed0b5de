"""What the content page templates show, resolved for the citizen's municipality.

Pages come from Wagtail's own serving (or its preview, where the page is a draft with
its sections in memory): these functions read the page object as given and only load
the live variants and links around it.
"""

from dataclasses import dataclass, field

from content_models.local_variants.resolution import pick_variant
from content_models.models import GuidePage, LocalText, Municipality, SelfServiceLinkPage
from content_models.selectors import live_url_overrides

from . import selectors
from .labels import local_label


@dataclass
class SectionView:
    key: str
    heading: str
    body: str
    local_text: LocalText | None = None
    local_label: str = ""


@dataclass
class LinkView:
    page: SelfServiceLinkPage
    url: str  # the municipality's own address where it has one
    local_label: str = ""

    @property
    def title(self):
        return self.page.title


@dataclass
class GuideView:
    sections: list[SectionView]
    links: list[LinkView] = field(default_factory=list)
    has_local_text: bool = False


def _place_label(variant, municipality: Municipality | None, what: str = "information") -> str:
    """The label of a variant's place, named as citizens know it ("Aarhus Kommune", "Region Midtjylland")."""
    if variant.municipality_id:
        place = municipality if municipality and variant.municipality_id == municipality.pk else variant.municipality
        if not getattr(place, "display_name", None):
            place.display_name = selectors.municipality_names([place.code]).get(place.code, place.name)
    else:
        place = municipality.region if municipality and variant.region_id == municipality.region_id else variant.region
    return local_label(place, what)


def link_view(link: SelfServiceLinkPage, municipality: Municipality | None) -> LinkView:
    """One link at the municipality's own address where it has one: the rule of resolve_self_service_url,
    applied to the candidate overrides a list prefetched (``candidate_overrides``), else loaded here."""
    candidates = getattr(link, "candidate_overrides", None)
    if candidates is None:
        candidates = list(live_url_overrides(municipality).filter(link_id=link.pk)) if link.pk else []
    override = pick_variant(candidates, municipality)
    if override is None:
        return LinkView(link, link.url)
    return LinkView(link, override.url, _place_label(override, municipality, "løsning"))


def guide_view(
    page: GuidePage, municipality: Municipality | None, draft_local_text: LocalText | None = None
) -> GuideView:
    """Sections with the local text ``municipality`` sees.

    ``draft_local_text`` is an editor's preview of a local text: its section shows the draft, and the other
    sections show what the draft's municipality (or the chosen one) sees today.
    """
    if draft_local_text is not None and draft_local_text.municipality_id:
        municipality = selectors.municipality_for_code(draft_local_text.municipality.code)
    candidates = selectors.local_texts_by_section(page.pk, municipality) if page.pk else {}
    sections = []
    for section in page.sections.all():
        if draft_local_text is not None and draft_local_text.section_key == section.key:
            local = draft_local_text
        else:
            local = pick_variant(candidates.get(section.key, []), municipality)
        label = _place_label(local, municipality) if local else ""
        sections.append(SectionView(section.key, section.heading, section.body, local, label))
    link_ids = list(page.self_service_links.values_list("id", flat=True))  # in memory for a draft
    links = [link_view(link, municipality) for link in selectors.live_links(link_ids, municipality)]
    return GuideView(sections=sections, links=links, has_local_text=any(s.local_text for s in sections))
