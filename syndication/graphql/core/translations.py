"""The language fields every page type has: `locale`, `translations` and `translationOutdated`.

Their values come from content_models.translations.selectors. Lists register their pages with ``remember``, so
the first node asking for its translations loads those of the whole page of results in two queries.
"""

import graphene

from content_models.translations.selectors import translation_states

from .urls import page_url


class Translation(graphene.ObjectType):
    """Another language version of the same item."""

    locale = graphene.String(required=True, description="Language code, 'da' or 'en'.")
    slug = graphene.String(required=True, description="The item's slug in that language.")
    url = graphene.String(description="Its page on the portal.")


def translation_fields() -> tuple:
    """Fresh `locale`, `translations` and `translationOutdated` fields for one type (resolvers: Translatable)."""
    return (
        graphene.String(required=True, description="Language code, 'da' or 'en'."),
        graphene.List(
            graphene.NonNull(Translation), required=True,
            description="The published versions of this item in the other languages: a Danish item's "
            "translations, a translation's Danish source.",
        ),
        graphene.Boolean(
            required=True,
            description="True when this item is a translation and its Danish source had a major update after the "
            "translation was last published.",
        ),
    )


_STATES, _PENDING = "_graphql_translation_states", "_graphql_translation_pending"


def _page(root):
    return getattr(root, "page", root)  # a localised guide or link carries its page


def remember(info, items) -> None:
    """Pages (or localised values) a list returns: their translation states are loaded together when asked for."""
    pending = getattr(info.context, _PENDING, None)
    if pending is None:
        pending = {}
        setattr(info.context, _PENDING, pending)
    for item in items:
        page = _page(item)
        pending[page.pk] = page


def _state(info, page):
    states = getattr(info.context, _STATES, None)
    if states is None:
        states = {}
        setattr(info.context, _STATES, states)
    if page.pk not in states:
        pending = getattr(info.context, _PENDING, {})
        batch = {pk: item for pk, item in pending.items() if pk not in states}
        batch[page.pk] = page
        states.update(translation_states(batch.values()))
    return states[page.pk]


class Translatable:
    """Resolvers of the language fields, for types whose root is a page or carries one as `.page`."""

    @staticmethod
    def resolve_locale(root, info):
        return _page(root).locale.language_code

    @staticmethod
    def resolve_translations(root, info):
        return [
            Translation(locale=version.language, slug=version.page.slug, url=page_url(version.page, info.context))
            for version in _state(info, _page(root)).live_others
        ]

    @staticmethod
    def resolve_translation_outdated(root, info):
        return _state(info, _page(root)).outdated
