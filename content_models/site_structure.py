"""The content tree: per locale a portal home page with one index page per content kind."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop
from wagtail.models import Locale, Page, Site

from .models import (
    GuideIndexPage,
    GuidePage,
    PortalHomePage,
    SelfServiceIndexPage,
    SelfServiceLinkPage,
    StepByStepIndexPage,
    StepByStepPage,
    TeachingModuleIndexPage,
    TeachingModulePage,
)

# The titles are the citizen site's menu items too (their msgids in the project's catalogue).
INDEX_FOR_PAGE_MODEL = {
    GuidePage: (GuideIndexPage, "vejledninger", gettext_noop("Vejledninger")),
    SelfServiceLinkPage: (SelfServiceIndexPage, "selvbetjening", gettext_noop("Selvbetjening")),
    StepByStepPage: (StepByStepIndexPage, "boligejer", gettext_noop("Trin for trin")),
    TeachingModulePage: (TeachingModuleIndexPage, "it-formidler", gettext_noop("IT-formidler")),
}
# The index pages' slugs and titles in the other languages' trees (/en/guides/...).
INDEX_NAMES = {
    "en": {
        GuidePage: ("guides", "Guides"),
        SelfServiceLinkPage: ("self-service", "Self-service"),
        StepByStepPage: ("step-by-step", "Step by step"),
        TeachingModulePage: ("it-teaching", "Teaching digital skills"),
    },
}


def index_slug(page_model, language: str) -> str:
    """The slug of ``page_model``'s index page in ``language``'s tree ("vejledninger", "guides")."""
    default = INDEX_FOR_PAGE_MODEL[page_model][1]
    return INDEX_NAMES.get(language, {}).get(page_model, (default,))[0]


def _default_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return locale


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _home_for(locale: Locale) -> PortalHomePage:
    home = PortalHomePage.objects.filter(locale=locale).first()
    if home:
        return home
    default_locale = _default_locale()
    if locale != default_locale:
        source = _home_for(default_locale)
        home = source.copy_for_translation(locale)
        _publish(home)
        return home
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Alle sider", draft_title="Alle sider", slug="root", locale=locale))
    # Wagtail installs a placeholder "Welcome" page at the top; the portal replaces it.
    for welcome in root.get_children().filter(slug="home", content_type__model="page"):
        if not welcome.get_children().exists():
            welcome.delete()
    home = root.add_child(instance=PortalHomePage(title=settings.WAGTAIL_SITE_NAME, slug="home", locale=locale))
    _publish(home)
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.site_name = settings.WAGTAIL_SITE_NAME
    # Page URLs in the API and notifications are absolute: make them the public address.
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.save()
    return home


def index_page_for(page_model, locale: Locale | None = None) -> Page:
    """The index page that holds ``page_model`` pages in ``locale`` (created on first use)."""
    locale = locale or _default_locale()
    index_model, slug, title = INDEX_FOR_PAGE_MODEL[page_model]
    index = index_model.objects.filter(locale=locale).first()
    if index:
        return index
    with transaction.atomic():
        home = _home_for(locale)
        if locale != _default_locale():
            source = index_page_for(page_model, _default_locale())
            index = source.copy_for_translation(locale)
            _name_in_language(index, page_model)
        else:
            index = home.add_child(instance=index_model(title=title, slug=slug, locale=locale))
        _publish(index)
        return index


def _name_in_language(index: Page, page_model) -> bool:
    """Give an index page of another language its name there; True when it had to change."""
    names = INDEX_NAMES.get(index.locale.language_code, {}).get(page_model)
    if names is None or (index.slug, index.title) == names:
        return False
    index.slug, index.title = names
    index.save()  # updates the URL paths of the pages below it
    return True


def ensure_site_structure() -> None:
    with transaction.atomic():
        for language_code, _ in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=language_code)
        for page_model in INDEX_FOR_PAGE_MODEL:
            index_page_for(page_model)
            # Trees made before the indexes had names of their own in each language (/en/vejledninger/).
            index_model = INDEX_FOR_PAGE_MODEL[page_model][0]
            for index in index_model.objects.exclude(locale__language_code=settings.LANGUAGE_CODE):
                if _name_in_language(index, page_model):
                    _publish(index)
