"""The citizen site's two languages: which one a page is in, and where the same page is in the other language.

A content page's other language version is its translation (Wagtail's translation key, read through
content_models.translations); the site's own pages (search, topics, municipality, subscriptions, ...) exist in both
languages under translated routes (/soeg/ and /en/search/). Where a content page has no translation, the language
switch leads to the other language's home page, which then says so (``UNTRANSLATED_PARAM``).
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, translate_url
from django.utils import translation
from wagtail.models import Page

from content_models.site_structure import index_slug
from content_models.translations.selectors import translation_state, translation_states

SITE_LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)  # ("da", "en"), Danish first
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}  # each in its own language, as a language switch shows them
UNTRANSLATED_PARAM = "ikke-oversat"  # on a home page: the page the visitor came from is not in this language


def supported(language: str | None) -> str:
    """``language`` if the site has it ("en-gb" counts as "en"), else Danish."""
    code = (language or "").split("-")[0].lower()
    return code if code in SITE_LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return supported(translation.get_language())


def home_url(language: str) -> str:
    return "/" if language == DEFAULT_LANGUAGE else f"/{language}/"


def index_url(page_model, language: str) -> str:
    """The list of a content kind in ``language`` ("/vejledninger/", "/en/guides/"), without a database query."""
    return f"{home_url(language)}{index_slug(page_model, language)}/"


@dataclass(frozen=True)
class Version:
    """The page being shown, or the same page in another language."""

    language: str
    name: str  # the language's name in that language
    url: str  # where the switch leads: the version itself, or that language's home page when there is none
    exists: bool  # False: the page is not in this language (``url`` is the home page, with a notice)
    current: bool = False
    absolute_url: str = ""  # ``url`` with scheme and host, for <link rel="alternate" hreflang>


def _absolute(versions: list[Version], request) -> list[Version]:
    return [replace(version, absolute_url=request.build_absolute_uri(version.url)) for version in versions]


def _untranslated_home(language: str) -> str:
    return f"{home_url(language)}?{urlencode({UNTRANSLATED_PARAM: 1})}"


def page_versions(page: Page, request) -> list[Version]:
    """Every language's version of a Wagtail page (content, index or home page), the page's own first."""
    own = page.locale.language_code
    live = {version.language: version.page for version in translation_state(page).live_others}
    versions = [Version(own, LANGUAGE_NAMES.get(own, own), page.get_url(request), True, current=True)]
    for language in SITE_LANGUAGES:
        if language == own:
            continue
        other = live.get(language)
        url = other.get_url(request) if other is not None else None
        versions.append(Version(language, LANGUAGE_NAMES[language], url or _untranslated_home(language), bool(url)))
    return _absolute(versions, request)


# What a language switch carries over to the same route in the other language: the search and the list being looked
# at, each value bounded; nothing else of what the visitor sent (a ``next`` or a municipality code stays behind).
KEPT_PARAMS = ("q", "type", "emne", "myndighed", "kategori", "side")
MAX_KEPT_VALUE = 200


def _kept_query(request) -> str:
    kept = [(key, value[:MAX_KEPT_VALUE]) for key in KEPT_PARAMS for value in request.GET.getlist(key)[:10]]
    return f"?{urlencode(kept)}" if kept else ""


def route_versions(request) -> list[Version]:
    """Every language's version of one of the site's own pages (the same route, translated), the current first.

    Their absolute URLs (hreflang) are the routes themselves; the switch's links keep the search being shown.
    """
    own = current_language()
    path, query = request.path, _kept_query(request)
    versions = [Version(own, LANGUAGE_NAMES[own], path + query, True, current=True,
                        absolute_url=request.build_absolute_uri(path))]
    for language in SITE_LANGUAGES:
        if language == own:
            continue
        try:
            other = translate_url(path, language)
        except Resolver404:  # pragma: no cover - translate_url returns the path itself when it cannot resolve
            other = path
        if other == path:
            versions.append(Version(language, LANGUAGE_NAMES[language], _untranslated_home(language), False))
        else:
            versions.append(Version(language, LANGUAGE_NAMES[language], other + query, True,
                                    absolute_url=request.build_absolute_uri(other)))
    return versions


@dataclass(frozen=True)
class Shown:
    """An item to list on a page in ``language``: its translation into that language where one is live."""

    item: object  # what was given: a page, or a value that carries one as ``.page`` (a localised link)
    page: Page  # the page to show (specific): the translation, or the item's own page
    language: str  # the shown page's language (a list on an English page may hold Danish-only pages)


def in_language(items, language: str) -> list[Shown]:
    """``items`` as a page in ``language`` lists them: each one's live translation into it, else itself."""
    items = list(items)
    pages = [getattr(item, "page", item) for item in items]
    states = translation_states(pages)
    wanted = {}
    for page in pages:
        version = states[page.pk].version(language) if page.locale.language_code != language else None
        if version is not None and version.live:
            wanted[page.pk] = version.page.pk
    translated = {p.pk: p for p in Page.objects.filter(pk__in=wanted.values()).specific().select_related("locale")}
    shown = []
    for item, page in zip(items, pages):
        other = translated.get(wanted.get(page.pk))
        shown_page = other or page
        shown.append(Shown(item, shown_page, shown_page.locale.language_code))
    return shown
