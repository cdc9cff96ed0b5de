from .events import ConsumerCursor, PublishingEvent
from .geography import Municipality, Region, normalise_municipality_code
from .local_variants import LocalText, LocalVariant, SelfServiceUrlOverride
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
from .standards import Standard
from .taxonomy import Authority, Topic

__all__ = [
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
