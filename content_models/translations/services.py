"""Writes on language versions: create a translation to work on, and detach or delete a source's translations."""

import uuid

from django.db import transaction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Locale, Page

from ..kinds import registry
from ..site_structure import index_page_for
from .selectors import SOURCE_LANGUAGE

TRANSLATION_LANGUAGE = "en"


class TranslationRefused(ValueError):
    """The translation cannot be made; the message says why, in Danish, for the editor."""


def _require_translatable_source(page: Page) -> None:
    kind = registry.for_model(type(page))
    if kind is None or not kind.translatable:
        raise TranslationRefused("Denne sidetype oversættes ikke.")
    if page.locale.language_code != SOURCE_LANGUAGE:
        raise TranslationRefused("Kun den danske side kan oversættes; den er kilden til oversættelserne.")


OWN_TO_EACH_LANGUAGE = ["major_update", "last_major_update_at", "change_note"]  # not copied into a translation


@transaction.atomic
def create_translation(page: Page, language: str = TRANSLATION_LANGUAGE, user=None) -> Page:
    """A draft copy of the Danish ``page`` in ``language``'s tree, linked to it as its translation.

    The copy starts with the Danish text (sections, steps, topics), unpublished, for the translator to replace;
    there is at most one translation per language, which the database guarantees as well.
    """
    _require_translatable_source(page)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if Page.objects.filter(translation_key=page.translation_key, locale=locale).exists():
        raise TranslationRefused("Siden har allerede en engelsk oversættelse.")
    index_page_for(type(page), locale)  # the language's tree, with its own index page names
    # The live content is copied (a draft only for a page never published); permissions are checked by the caller.
    # The source's choices and dates for its own publishes are not the translation's: its first publish sets its
    # own "Sidst opdateret" (content_models.lifecycle.publishing), and its change note is written in its language.
    return CopyPageForTranslationAction(
        page=page, locale=locale, copy_parents=True, user=user, exclude_fields=OWN_TO_EACH_LANGUAGE,
    ).execute(skip_permission_checks=True)


@transaction.atomic
def detach(page: Page) -> None:
    """Make ``page`` a page of its own: no longer a translation of anything (a new translation key)."""
    Page.objects.filter(pk=page.pk).update(translation_key=uuid.uuid4())


def translations_of(page: Page) -> list[Page]:
    """The other language versions of a Danish source page, as their specific pages."""
    return [translation.specific for translation in page.get_translations(inclusive=False).order_by("pk")]


KEEP, DELETE = "keep", "delete"


@transaction.atomic
def handle_translations_of_deleted_source(page: Page, choice: str, user=None) -> list[Page]:
    """Before a source page is deleted: ``KEEP`` its translations as pages of their own, or ``DELETE`` them.

    Returns the translations handled. Runs in the deleting transaction, so a failed delete keeps them linked.
    """
    translations = translations_of(page)
    for translation in translations:
        if choice == DELETE:
            DeletePageAction(translation, user=user).execute(skip_permission_checks=True)
        elif choice == KEEP:
            detach(translation)
        else:
            raise ValueError(f"unknown choice {choice!r}")
    return translations
