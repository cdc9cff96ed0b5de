"""Every translatable page by language status, for the admin report (Rapporter › Oversættelser). Reads only."""

from dataclasses import dataclass
from datetime import datetime

from wagtail.models import Page

from ..kinds import registry
from .selectors import SOURCE_LANGUAGE, translation_states

MISSING, DRAFT, OUTDATED, CURRENT, ONLY_ENGLISH = "mangler", "kladde", "foraeldet", "oversat", "kun-engelsk"
STATUSES = {
    MISSING: "Mangler engelsk",
    DRAFT: "Engelsk kladde",
    OUTDATED: "Forældet",
    CURRENT: "Oversat",
    ONLY_ENGLISH: "Kun på engelsk",
}


@dataclass(frozen=True)
class Row:
    kind: str  # the content kind's code
    danish: Page | None
    english: Page | None
    status: str  # one of STATUSES
    source_major_update_at: datetime | None

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def kind_label(self) -> str:
        return registry.label(self.kind)

    @property
    def title(self) -> str:
        return (self.danish or self.english).title


def _status(state, english_version) -> str:
    if english_version is None:
        return MISSING
    if not english_version.live:
        return DRAFT
    return OUTDATED if english_version.outdated else CURRENT


def rows(kind: str = "") -> list[Row]:
    """One row per item (a Danish page with its English version, or an English page with no Danish source), by kind
    and title; ``kind`` narrows it to one kind."""
    found = []
    for content_kind in registry.where(translatable=True):
        if kind and content_kind.code != kind:
            continue
        pages = list(content_kind.model.objects.select_related("locale").order_by("title"))
        states = translation_states(pages)
        for page in pages:
            state = states[page.pk]
            if page.locale.language_code == SOURCE_LANGUAGE:
                english = state.version("en")
                found.append(Row(content_kind.code, page, english.page if english else None, _status(state, english),
                                 state.source_major_update_at))
            elif state.source is None:
                found.append(Row(content_kind.code, None, page, ONLY_ENGLISH, None))
    return found


def kind_choices() -> list[tuple[str, str]]:
    return registry.choices(translatable=True)
