"""Which language versions of a page exist, which one is the source, and which translations are out of date.

A translation is out of date when its source had a major update after the translation was last published. Reads
only, and in bulk: the states of any number of pages cost two queries (their versions, the sources' major
updates) when they are of one kind, one more per further kind.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from wagtail.models import Page

from ..kinds import registry

SOURCE_LANGUAGE = "da"  # the language every translation is made from


def last_major_updates(pages: Iterable[Page]) -> dict[int, datetime]:
    """When each page last had a major update, by page id (pages that never had one are left out).

    The one place that knows where a major update is recorded: the page's ``last_major_update_at`` ("Sidst
    opdateret", content_models.models.lifecycle), set when an editor publishes with "Væsentlig ændring" (and at the
    first publish). Every translatable kind has it, whether or not its events carry the major flag (only kinds with
    subscribers do). One query per kind among ``pages``.
    """
    ids_by_model: dict[type, list[int]] = {}
    for page in pages:
        kind = registry.for_model(page.specific_class) if page.pk is not None else None
        if kind is not None and kind.translatable:
            ids_by_model.setdefault(kind.model, []).append(page.pk)
    majors = {}
    for model, ids in ids_by_model.items():
        majors.update(model.objects.filter(pk__in=ids, last_major_update_at__isnull=False).values_list(
            "pk", "last_major_update_at"
        ))
    return majors


@dataclass(frozen=True)
class Version:
    """One language version of an item."""

    page: Page  # a plain Page (title, slug, locale, live, URL); .specific when the kind's fields are needed
    language: str  # "da", "en"
    live: bool
    last_published_at: datetime | None
    outdated: bool = False  # a translation whose source had a major update after it was last published


@dataclass(frozen=True)
class TranslationState:
    """A page among its language versions."""

    language: str
    source: Version | None  # the Danish version of a translation (None: the page is the source, or has none)
    others: tuple[Version, ...]  # the other language versions, drafts included, Danish first
    outdated: bool  # the page is a translation whose source had a major update after it was last published
    source_major_update_at: datetime | None  # the source's last major update (a source: its own)

    @property
    def is_translation(self) -> bool:
        return self.language != SOURCE_LANGUAGE

    def version(self, language: str) -> Version | None:
        return next((version for version in self.others if version.language == language), None)

    @property
    def live_others(self) -> tuple[Version, ...]:
        return tuple(version for version in self.others if version.live)


def _is_outdated(language: str, last_published_at, source_major: datetime | None) -> bool:
    if language == SOURCE_LANGUAGE or source_major is None or last_published_at is None:
        return False  # a source, or a translation never published (a draft is not out of date yet)
    return source_major > last_published_at


def _version(page: Page, source_major: datetime | None) -> Version:
    language = page.locale.language_code
    return Version(page, language, page.live, page.last_published_at,
                   _is_outdated(language, page.last_published_at, source_major))


def translation_states(pages: Iterable[Page]) -> dict[int, TranslationState]:
    """The state of each page, by page id."""
    pages = [page for page in pages if page.pk is not None]
    if not pages:
        return {}
    keys = {page.translation_key for page in pages}
    versions: dict[tuple, list[Page]] = {}
    rows: dict[int, Page] = {}  # every version, the given pages included, as the database has them now
    for row in Page.objects.filter(translation_key__in=keys).select_related("locale").order_by("pk"):
        versions.setdefault((row.translation_key, row.content_type_id), []).append(row)
        rows[row.pk] = row
    sources = [
        page for group in versions.values() for page in group if page.locale.language_code == SOURCE_LANGUAGE
    ]
    majors = last_major_updates(sources)
    states = {}
    for given in pages:
        page = rows.get(given.pk, given)
        group = versions.get((page.translation_key, page.content_type_id), [page])
        source = next((p for p in group if p.locale.language_code == SOURCE_LANGUAGE), None)
        source_major = majors.get(source.pk) if source is not None else None
        language = page.locale.language_code
        others = sorted(
            (_version(other, source_major) for other in group if other.pk != page.pk),
            key=lambda v: (v.language != SOURCE_LANGUAGE, v.language),
        )
        states[given.pk] = TranslationState(
            language=language,
            source=_version(source, source_major) if source is not None and source.pk != page.pk else None,
            others=tuple(others),
            outdated=_is_outdated(language, page.last_published_at, source_major),
            source_major_update_at=source_major,
        )
    return states


def translation_state(page: Page) -> TranslationState:
    return translation_states([page])[page.pk]

