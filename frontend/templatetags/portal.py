"""Template tags of the citizen site: the page templates Wagtail serves get their municipality-specific
content here, so the page models stay free of presentation."""

from urllib.parse import urlencode, urlsplit

from django import template
from django.db.models import Count
from django.template.defaultfilters import date as date_filter
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.models import Page

from cms.sso.citizen import current_citizen
from content_models.kinds import registry
from content_models.models import SelfServiceLinkPage
from content_models.site_structure import INDEX_FOR_PAGE_MODEL
from content_models.translations.selectors import translation_state

from content_models.local_variants.selectors import localise_links

from .. import audience, languages, presenters, selectors, subscriptions, trust
from ..labels import kind_label as _kind_label
from ..labels import local_label as _local_label
from ..municipality import QUERY_PARAM, municipality_choice
from ..feedback.targets import target_of
from ..popular import selectors as popular
from ..feedback.views import THANKS_PARAM
from ..pagination import page_number, paginate
from ..routing import is_preview

register = template.Library()

INDEX_PAGE_SIZE = 20
_CHILD_MODEL = {index_model: page_model for page_model, (index_model, _, _) in INDEX_FOR_PAGE_MODEL.items()}


def _request(context):
    return context.get("request")


@register.simple_tag(takes_context=True)
def municipality(context):
    return municipality_choice(_request(context))


@register.simple_tag(takes_context=True)
def navigation(context):
    """The main menu in the page's language: each content kind's list, the topics, the standards and the pages for
    businesses."""
    path = _request(context).path
    language = languages.current_language()
    # The index pages' Danish titles are the catalogue's msgids (content_models.site_structure).
    items = [
        (languages.index_url(model, language), gettext(title)) for model, (_, _, title) in INDEX_FOR_PAGE_MODEL.items()
    ]
    items += [
        (reverse("frontend:topics"), gettext("Emner")),
        (reverse("frontend:standards"), gettext("Standarder")),
        (reverse("frontend:business"), gettext("For virksomheder")),
    ]
    return [{"url": url, "title": title, "current": path.startswith(url)} for url, title in items]


@register.simple_tag
def home_url():
    """The home page in the page's language ("/", "/en/")."""
    return languages.home_url(languages.current_language())


@register.simple_tag
def index_url(kind):
    """A content kind's list in the page's language ("/vejledninger/", "/en/guides/")."""
    return languages.index_url(registry.get(kind).model, languages.current_language())


@register.simple_tag(takes_context=True)
def change_municipality_url(context):
    """The chooser, with a way back to this page (without a ?kommune= of its own)."""
    request = _request(context)
    chooser = reverse("frontend:municipality")
    if request.path == chooser:
        return chooser
    kept = [(k, v) for k, v in request.GET.items() if k != QUERY_PARAM]
    here = request.path + ("?" + urlencode(kept) if kept else "")
    return chooser + "?" + urlencode({"next": here})


@register.simple_tag(takes_context=True)
def citizen_signed_in(context):
    """Whether a citizen is signed in (never who): the header links to their subscriptions, else to the login."""
    request = _request(context)
    return request is not None and hasattr(request, "session") and current_citizen(request) is not None


@register.simple_tag
def citizen_login_url():
    """The same for every visitor, so anonymous pages stay cacheable."""
    return subscriptions.login_url(reverse("frontend:subscriptions"))


@register.inclusion_tag("frontend/includes/follow.html", takes_context=True)
def follow_box(context, kind, target):
    """The Digital Post follow box of a guide, topic or standard page."""
    return {
        "box": subscriptions.follow_box(_request(context), kind, target),
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages", ()),
    }


@register.simple_tag
def icon(name, label="", classes=""):
    """A DKFDS icon from its SVG sprite (a static file, so pages carry no inline sprite); decorative
    unless it has a ``label``."""
    href = f"{static('vendor/dkfds/img/all-svg-icons.svg')}#{name}"
    css = f"icon-svg {classes}".strip()
    if label:
        return format_html(
            '<svg class="{}" focusable="false" role="img" aria-label="{}"><use href="{}"></use></svg>', css, label, href
        )
    return format_html('<svg class="{}" focusable="false" aria-hidden="true"><use href="{}"></use></svg>', css, href)


@register.filter
def kind_label(kind):
    return _kind_label(kind)


@register.filter
def local_label(place, what="information"):
    """The marker of local content from a variant's place: "Lokal information fra Aarhus Kommune"."""
    return _local_label(place, what) if place else ""


@register.simple_tag(takes_context=True)
def guide_content(context, page, draft_local_text=None):
    # A missing template variable arrives as "": only a LocalText is a draft to preview.
    draft = draft_local_text or None
    return presenters.guide_view(page, municipality_choice(_request(context)).municipality, draft)


@register.simple_tag(takes_context=True)
def step_by_step_content(context, page, draft_local_text=None):
    return presenters.step_by_step_view(page, municipality_choice(_request(context)).municipality,
                                        draft_local_text or None)


@register.simple_tag(takes_context=True)
def module_content(context, page, draft_local_text=None):
    return presenters.module_view(page, municipality_choice(_request(context)).municipality, draft_local_text or None)


@register.simple_tag(takes_context=True)
def link_content(context, page):
    return presenters.link_view(page, municipality_choice(_request(context)).municipality)


@register.simple_tag
def guides_linking(page):
    return selectors.live_guides_linking(page) if page.pk else []


@register.simple_tag(takes_context=True)
def index_listing(context, index_page):
    """The live pages under an index page, a page of them at a time (self-service links at the
    municipality's own address)."""
    request = _request(context)
    model = _CHILD_MODEL[type(index_page)]
    choice = municipality_choice(request)
    queryset = selectors.live_children(index_page, model)
    filters = []
    if model is SelfServiceLinkPage:  # the one kind with an audience: filtered to borgere or virksomheder
        counts = dict(queryset.values_list("audience").annotate(n=Count("pk")).order_by())
        filters = audience.choices(request, counts)
        queryset = audience.filter_links(queryset, audience.chosen(request))
    total = queryset.count()
    pagination = paginate(page_number(request), total, INDEX_PAGE_SIZE, list(request.GET.items()))
    start = (pagination.current - 1) * INDEX_PAGE_SIZE
    if model is SelfServiceLinkPage:
        ids = list(queryset.values_list("pk", flat=True)[start : start + INDEX_PAGE_SIZE])
        items = localise_links(selectors.live_links(ids), choice.municipality)
    else:
        items = list(queryset[start : start + INDEX_PAGE_SIZE])
    return {"items": items, "total": total, "pagination": pagination, "is_links": model is SelfServiceLinkPage,
            "audience_filters": filters}


@register.filter
def audience_label(link):
    """The tag of a self-service link for businesses ("For virksomheder"); empty for citizens (the default)."""
    return audience.LABELS[link.audience] if link.audience == audience.Audience.BUSINESS else ""


@register.simple_tag
def topic_tree():
    return selectors.topic_tree()


@register.filter
def host(url):
    """The host name of an address ("www.borger.dk"), to say where an external link leads."""
    return urlsplit(url).hostname or url


@register.simple_tag
def accessibility_statement_url():
    return trust.accessibility_statement_url()


@register.simple_tag
def site_logo():
    """The logo's address for the header's logo slot; "" shows the portal's name instead."""
    return trust.site_logo_url()


@register.inclusion_tag("feedback/box.html", takes_context=True)
def feedback_box(context, kind, item):
    """"Var denne side nyttig?" under a content page (not in an editor's preview)."""
    request = _request(context)
    if request is None or is_preview(request) or item is None or item.pk is None:
        return {"target": None}
    return {"target": target_of(kind, item), "thanked": request.GET.get(THANKS_PARAM) == "tak"}


@register.simple_tag
def most_used_self_service():
    return popular.most_used()


@register.filter
def one_line(text, limit=110):
    """The first sentence of a description, at most ``limit`` characters: a card's one line."""
    text = " ".join(str(text or "").split())
    first = text.split(". ")[0].rstrip(".")
    first = first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return first + ("." if first and not first.endswith(("…", "?", "!")) else "")


def _wagtail_page(context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) and page.pk is not None else None


@register.simple_tag(takes_context=True)
def page_language(context):
    """The language of the page being shown: a Wagtail page's own (also in an editor's preview, whatever the
    admin's language), else the language of the route (/en/search/ is English)."""
    page = context.get("page")
    locale = getattr(page, "locale", None)
    code = getattr(locale, "language_code", None) if isinstance(page, Page) else None
    return languages.supported(code or languages.current_language())


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language (frontend.languages); none in an editor's preview."""
    request = _request(context)
    if request is None or is_preview(request):
        return []
    page = _wagtail_page(context)
    return languages.page_versions(page, request) if page is not None else languages.route_versions(request)


# --------------------------------------------------------------------------------------------------
# Languages


DATE_FORMATS = {"da": "j. F Y", "en": "j F Y"}  # 3. marts 2025, 3 March 2025
DATETIME_FORMATS = {"da": r"j. F Y \k\l. H:i", "en": "j F Y, H:i"}


@register.filter(expects_localtime=True)
def local_date(value):
    """A date as the page's language writes it (month names from Django's catalogues)."""
    return date_filter(value, DATE_FORMATS[languages.current_language()]) if value else ""


@register.filter(expects_localtime=True)
def local_datetime(value):
    return date_filter(value, DATETIME_FORMATS[languages.current_language()]) if value else ""


@register.filter
def topic_title(topic):
    """A topic's name in the page's language (its English title where it has one)."""
    return topic.title_in(languages.current_language())


@register.simple_tag
def in_page_language(items):
    """``items`` (pages, or localised links) as the page's language lists them: their translations where live."""
    return languages.in_language(items, languages.current_language())


@register.simple_tag(takes_context=True)
def came_untranslated(context):
    """On a home page: the visitor followed the language switch from a page that is not in this language."""
    request = _request(context)
    return request is not None and languages.UNTRANSLATED_PARAM in request.GET


@register.simple_tag(takes_context=True)
def translation_notice(context, page):
    """For a translation whose Danish source changed significantly after it was last published: when, and where
    the Danish page is; None otherwise (and for a Danish page)."""
    request = _request(context)
    if not isinstance(page, Page) or page.pk is None:
        return None
    state = translation_state(page)
    if not state.outdated or state.source is None or not state.source.live:
        return None
    return {"changed_at": state.source_major_update_at, "source_url": state.source.page.get_url(request)}
