from .events import ConsumerCursor, PublishingEvent
from .geography import Municipality, Region, normalise_municipality_code
from .link_health import BAD_STATES, LinkCheck, LinkState, LinkStatus
from .local_variants import (
    LOCAL_TEXT_MODELS,
    LocalText,
    LocalTextBase,
    LocalVariant,
    ModuleLocalText,
    SelfServiceUrlOverride,
    StepLocalText,
)
from .media import PortalImage, PortalRendition
from .pages import (
    CONTENT_PAGE_MODELS,
    GuideIndexPage,
    GuidePage,
    GuideSection,
    LearningObjective,
    PortalHomePage,
    SelfServiceIndexPage,
    SelfServiceLinkPage,
    Step,
    StepByStepIndexPage,
    StepByStepPage,
    TeachingMaterial,
    TeachingModuleIndexPage,
    TeachingModulePage,
)
from .national_texts import NationalText
from .retired_urls import GonePath
from .standards import Standard
from .taxonomy import Authority, Topic

__all__ = [
    "BAD_STATES",
    "GonePath",
    "LOCAL_TEXT_MODELS",
    "LinkCheck",
    "LinkState",
    "LinkStatus",
    "LocalTextBase",
    "ModuleLocalText",
    "NationalText",
    "StepLocalText",
    "CONTENT_PAGE_MODELS",
    "Authority",
    "ConsumerCursor",
    "GuideIndexPage",
    "GuidePage",
    "GuideSection",
    "LearningObjective",
    "LocalText",
    "LocalVariant",
    "Municipality",
    "PortalHomePage",
    "PortalImage",
    "PortalRendition",
    "PublishingEvent",
    "Region",
    "SelfServiceIndexPage",
    "SelfServiceLinkPage",
    "SelfServiceUrlOverride",
    "Standard",
    "Step",
    "StepByStepIndexPage",
    "StepByStepPage",
    "TeachingMaterial",
    "TeachingModuleIndexPage",
    "TeachingModulePage",
    "Topic",
    "normalise_municipality_code",
]
