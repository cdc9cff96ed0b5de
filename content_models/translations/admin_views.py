"""Admin: "Opret engelsk oversættelse", and the report of every page by language status (Rapporter ›
Oversættelser). Danish throughout, like the rest of the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Locale, Page

from ..site_structure import index_page_for
from . import report, services
from .selectors import translation_state

REPORT_PAGE_SIZE = 100


def can_translate(user, page: Page, language: str = services.TRANSLATION_LANGUAGE) -> bool:
    """The editor may edit the source and add pages to the other language's list of its kind."""
    if not page.permissions_for_user(user).can_edit():
        return False
    locale = Locale.objects.filter(language_code=language).first()
    index = index_page_for(type(page), locale) if locale is not None else None
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def create_translation(request, page_id: int):
    """GET: what will happen; POST: make the English draft and open it in the editor."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_translate(request.user, page):
        raise PermissionDenied
    state = translation_state(page)
    existing = state.version(services.TRANSLATION_LANGUAGE)
    if existing is not None:
        messages.info(request, f"»{page.title}« har allerede en engelsk oversættelse.")
        return redirect("wagtailadmin_pages:edit", existing.page.pk)
    if request.method == "POST":
        try:
            translation = services.create_translation(page, services.TRANSLATION_LANGUAGE, user=request.user)
        except services.TranslationRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.success(
            request, f"Den engelske oversættelse af »{page.title}« er oprettet som kladde med den danske tekst. "
                     "Oversæt den, og publicér den, når den er klar."
        )
        return redirect("wagtailadmin_pages:edit", translation.pk)
    return TemplateResponse(request, "translations/admin/create_confirm.html", {"page": page})


def translation_report(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    kind = request.GET.get("type", "")
    every = report.rows(kind=kind)
    counts = {code: sum(1 for row in every if row.status == code) for code in report.STATUSES}
    paginator = Paginator([row for row in every if not status or row.status == status], REPORT_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("side"))
    return TemplateResponse(request, "translations/admin/report.html", {
        "rows": page_obj, "paginator": paginator, "status": status, "kind": kind,
        "statuses": report.STATUSES, "kinds": report.kind_choices(), "counts": counts,
        "report_url": reverse("translation_report"),
    })
