"""Arguments shared by several queries, resolved once into model objects."""

from content_models.selectors import UnknownMunicipality, municipality_by_code

from .errors import BadUserInput

LOCALES = ("da", "en")


def resolve_municipality(code):
    """The municipality for a `municipality` argument, or a GraphQL error naming the bad code."""
    try:
        return municipality_by_code(code)
    except UnknownMunicipality as exc:
        raise BadUserInput(str(exc), argument="municipality") from exc


def resolve_locale(locale):
    if locale is not None and locale not in LOCALES:
        raise BadUserInput(f"Unknown locale '{locale}'. Use one of: {', '.join(LOCALES)}.", argument="locale")
    return locale
