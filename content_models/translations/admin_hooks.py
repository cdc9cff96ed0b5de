"""Wagtail hooks of the translations: the editor's actions, the report, and deleting a source with translations.

Imported by content_models/wagtail_hooks.py (Wagtail loads only that module of each app).
"""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from ..kinds import registry
from . import admin_views, services
from .selectors import SOURCE_LANGUAGE, translation_state

CHOICE_FIELD = "oversaettelser"  # the delete confirmation's choice: services.KEEP or services.DELETE
CREATE_LABEL = "Opret engelsk oversættelse"


def _translatable_source(page) -> bool:
    kind = registry.for_model(type(page.specific))
    return bool(kind and kind.translatable and page.locale.language_code == SOURCE_LANGUAGE)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("oversaettelser/", admin_views.translation_report, name="translation_report"),
        path("oversaettelser/<int:page_id>/opret-engelsk/", admin_views.create_translation,
             name="translation_create"),
    ]


def _create_button(page, user, priority):
    page = page.specific
    if not _translatable_source(page) or translation_state(page).version(services.TRANSLATION_LANGUAGE):
        return None
    if not admin_views.can_translate(user, page):
        return None
    return Button(CREATE_LABEL, reverse("translation_create", args=[page.pk]), icon_name="globe", priority=priority)


@hooks.register("register_page_header_buttons")
def translation_header_button(page, user, view_name, next_url=None):
    button = _create_button(page, user, priority=75)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def translation_listing_button(page, user, next_url=None):
    button = _create_button(page, user, priority=75)
    if button is not None:
        yield button


class _ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return _ReportMenuItem("Oversættelser", reverse("translation_report"), icon_name="globe", order=920)


@hooks.register("before_delete_page")
def ask_what_becomes_of_translations(request, page):
    """A Danish page with translations is deleted only once the editor has said what becomes of them: deleted too,
    or kept as pages of their own. Both happen in the delete's transaction (Wagtail's delete view is atomic)."""
    page = page.specific
    if not _translatable_source(page):
        return None
    translations = services.translations_of(page)
    if not translations:
        return None
    choice = request.POST.get(CHOICE_FIELD) if request.method == "POST" else None
    may_delete = all(t.permissions_for_user(request.user).can_delete() for t in translations)
    if choice == services.KEEP or (choice == services.DELETE and may_delete):
        services.handle_translations_of_deleted_source(page, choice, user=request.user)
        return None  # Wagtail deletes the source itself
    error = ""
    if request.method == "POST":
        error = ("Du har ikke lov til at slette oversættelserne. Behold dem som selvstændige sider, eller bed en, der "
                 "har lov, om at slette dem." if choice == services.DELETE
                 else "Vælg, hvad der skal ske med oversættelserne.")
    return TemplateResponse(request, "translations/admin/confirm_delete.html", {
        "page": page, "translations": translations, "choice_field": CHOICE_FIELD, "keep": services.KEEP,
        "delete": services.DELETE, "may_delete": may_delete, "error": error,
        "next": request.GET.get("next", "") or request.POST.get("next", ""),
    })
