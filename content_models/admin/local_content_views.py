"""The editor's way into local content: a national item with each part's national text and the editor's local
text (or "Tilføj lokal tekst") side by side, and one click to add, edit, confirm or preview.

National staff see every place's texts; a municipal editor sees their own municipality's.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.models import Page

from ..lifecycle.national_changes import confirm_still_correct
from ..link_health.selectors import statuses_of
from ..local_variants.permissions import editable_municipality_ids
from ..local_variants.services import local_text_model_of
from ..models import (
    LOCAL_TEXT_MODELS,
    GuidePage,
    Municipality,
    SelfServiceLinkPage,
    SelfServiceUrlOverride,
    StepByStepPage,
    TeachingModulePage,
)
from .selectors import variant_state

ITEM_MODELS = (GuidePage, StepByStepPage, TeachingModulePage, SelfServiceLinkPage)


def snippet_url(model, action: str, *args, **query) -> str:
    url = reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _places(user):
    ids = editable_municipality_ids(user)
    return ids, (list(Municipality.objects.filter(pk__in=ids)) if ids is not None else [])


def _visible(queryset, ids):
    if ids is None:
        return queryset.select_related("municipality", "region")
    return queryset.filter(municipality_id__in=ids, region__isnull=True).select_related("municipality")


def item_list(request):
    """Every national item that takes local content, searchable by title."""
    query = request.GET.get("q", "").strip()
    groups = []
    for model in ITEM_MODELS:
        pages = model.objects.live().order_by("title")
        if query:
            pages = pages.filter(title__icontains=query)
        groups.append((model._meta.verbose_name_plural.capitalize(), list(pages[:200])))
    return TemplateResponse(request, "content_models/admin/local_content_list.html", {
        "groups": groups, "query": query, "page_title": "Lokalt indhold",
    })


def item_detail(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ITEM_MODELS):
        raise Http404
    ids, municipalities = _places(request.user)
    back = request.get_full_path()
    context = {"page": page, "page_title": f"Lokalt indhold: {page.title}", "municipalities": municipalities,
               "national_staff": ids is None, "preview_code": municipalities[0].code if len(municipalities) == 1 else ""}
    if isinstance(page, SelfServiceLinkPage):
        overrides = list(_visible(page.url_overrides.all(), ids))
        statuses = statuses_of([page.url, *(o.url for o in overrides)])
        context.update({
            "national_status": statuses[page.url],
            "overrides": [(o, variant_state(o), statuses[o.url], snippet_url(SelfServiceUrlOverride, "edit", o.pk,
                                                                             next=back)) for o in overrides],
            "add_url": snippet_url(SelfServiceUrlOverride, "add", link=page.pk, next=back),
        })
        return TemplateResponse(request, "content_models/admin/local_content_link.html", context)
    model = local_text_model_of(page)
    texts = list(_visible(model.objects.filter(**{model.localised_field: page}), ids))
    parts = []
    national = page.national_texts()
    for key, heading in page.local_text_parts():
        rows = [
            (text, variant_state(text), snippet_url(model, "edit", text.pk, next=back))
            for text in texts if text.target_key == key
        ]
        add_query = {model.localised_field: page.pk, "next": back}
        if model.target_key_field:
            add_query[model.target_key_field] = key
        parts.append({
            "key": key, "heading": heading, "national": national.get(key, "").split("\n", 1)[-1], "rows": rows,
            "add_url": snippet_url(model, "add", **add_query),
            "can_add": ids is None or len(rows) < len(municipalities),
        })
    context.update({"parts": parts, "model_name": model._meta.model_name})
    return TemplateResponse(request, "content_models/admin/local_content_item.html", context)


@require_POST
def confirm(request, model_name, pk):
    """"Stadig korrekt": the editor read the national change; the local text stands."""
    model = next((m for m in LOCAL_TEXT_MODELS if m._meta.model_name == model_name), None)
    if model is None:
        raise Http404
    text = get_object_or_404(model, pk=pk)
    try:
        confirm_still_correct(user=request.user, local_text=text)
    except PermissionDenied:
        messages.error(request, "Du kan kun bekræfte lokaltekster for din egen kommune.")
    else:
        messages.success(request, f"Lokalteksten »{text}« er markeret som stadig korrekt.")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/admin/") else reverse("local_content:item", args=[text.localised_item.pk]))
