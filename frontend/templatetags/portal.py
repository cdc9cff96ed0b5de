"""Template tags of the citizen site: the page templates Wagtail serves get their municipality-specific
content here, so the page models stay free of presentation."""

from urllib.parse import urlencode, urlsplit

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from cms.sso.citizen import current_citizen
from content_models.models import SelfServiceLinkPage
from content_models.site_structure import INDEX_FOR_PAGE_MODEL

from content_models.local_variants.selectors import localise_links

from .. import presenters, selectors, subscriptions
from ..labels import kind_label as _kind_label
from ..labels import local_label as _local_label
from ..municipality import QUERY_PARAM, municipality_choice
from ..pagination import page_number, paginate

register = template.Library()

INDEX_PAGE_SIZE = 20
CHOOSER_PATH = "/kommune/"
_CHILD_MODEL = {index_model: page_model for page_model, (index_model, _, _) in INDEX_FOR_PAGE_MODEL.items()}
NAVIGATION = [(f"/{slug}/", title) for _, (_, slug, title) in INDEX_FOR_PAGE_MODEL.items()] + [
    ("/emner/", "Emner"),
    ("/standarder/", "Standarder"),
]


def _request(context):
    return context.get("request")


@register.simple_tag(takes_context=True)
def municipality(context):
    return municipality_choice(_request(context))


@register.simple_tag(takes_context=True)
def navigation(context):
    path = _request(context).path
    return [{"url": url, "title": title, "current": path.startswith(url)} for url, title in NAVIGATION]


@register.simple_tag(takes_context=True)
def change_municipality_url(context):
    """The chooser, with a way back to this page (without a ?kommune= of its own)."""
    request = _request(context)
    if request.path == CHOOSER_PATH:
        return CHOOSER_PATH
    kept = [(k, v) for k, v in request.GET.items() if k != QUERY_PARAM]
    here = request.path + ("?" + urlencode(kept) if kept else "")
    return CHOOSER_PATH + "?" + urlencode({"next": here})


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
    total = queryset.count()
    pagination = paginate(page_number(request), total, INDEX_PAGE_SIZE, list(request.GET.items()))
    start = (pagination.current - 1) * INDEX_PAGE_SIZE
    if model is SelfServiceLinkPage:
        ids = list(queryset.values_list("pk", flat=True)[start : start + INDEX_PAGE_SIZE])
        items = localise_links(selectors.live_links(ids), choice.municipality)
    else:
        items = list(queryset[start : start + INDEX_PAGE_SIZE])
    return {"items": items, "total": total, "pagination": pagination, "is_links": model is SelfServiceLinkPage}


@register.simple_tag
def topic_tree():
    return selectors.topic_tree()


@register.filter
def host(url):
    """The host name of an address ("www.borger.dk"), to say where an external link leads."""
    return urlsplit(url).hostname or url
