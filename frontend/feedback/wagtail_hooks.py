"""Admin menu: Rapporter › Tilbagemeldinger."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import PERMISSION, export_view, report_view


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path("tilbagemeldinger/", report_view, name="feedback_report"),
        path("tilbagemeldinger/sdg.<str:fmt>", export_view, name="feedback_export"),
    ]


class _ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return _ReportMenuItem("Tilbagemeldinger", reverse("feedback_report"), icon_name="comment", order=910)
