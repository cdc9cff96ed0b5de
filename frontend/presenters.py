"""What the content page templates show, as the citizen's municipality sees it.

Pages come from Wagtail's own serving (or its preview, where the page is a draft with its sections in memory);
the localisation selector (content_models.local_variants.selectors) chooses the local texts and addresses.
"""

from content_models.local_variants.selectors import (
    LocalisedGuide,
    LocalisedLink,
    LocalisedModule,
    LocalisedStepByStep,
    localise_guide,
    localise_link,
    localise_module,
    localise_step_by_step,
)
from content_models.models import (
    GuidePage,
    LocalText,
    LocalTextBase,
    ModuleLocalText,
    Municipality,
    SelfServiceLinkPage,
    StepByStepPage,
    StepLocalText,
    TeachingModulePage,
)

from . import selectors


def link_view(link: SelfServiceLinkPage, municipality: Municipality | None) -> LocalisedLink:
    return localise_link(link, municipality)


def guide_view(
    page: GuidePage, municipality: Municipality | None, draft_local_text: LocalText | None = None
) -> LocalisedGuide:
    """The guide with its related links, as ``municipality`` sees it.

    ``draft_local_text`` is an editor's preview of a local text: its section shows the draft, and the other
    sections show what the draft's municipality (or the chosen one) sees today.
    """
    municipality = _previewed_place(municipality, draft_local_text)
    return localise_guide(page, municipality, with_links=True, draft_local_text=draft_local_text)


def _previewed_place(municipality, draft_local_text: LocalTextBase | None):
    """An editor's preview shows the draft's own municipality."""
    if draft_local_text is not None and draft_local_text.municipality_id:
        return selectors.municipality_for_code(draft_local_text.municipality.code)
    return municipality


def step_by_step_view(
    page: StepByStepPage, municipality: Municipality | None, draft_local_text: StepLocalText | None = None
) -> LocalisedStepByStep:
    municipality = _previewed_place(municipality, draft_local_text)
    return localise_step_by_step(page, municipality, draft_local_text=draft_local_text)


def module_view(
    page: TeachingModulePage, municipality: Municipality | None, draft_local_text: ModuleLocalText | None = None
) -> LocalisedModule:
    municipality = _previewed_place(municipality, draft_local_text)
    return localise_module(page, municipality, draft_local_text=draft_local_text)
