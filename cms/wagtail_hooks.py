"""Admin: the report of editor role decisions made at SSO logins."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_role_decisions_url():
    from .admin_views import role_decisions_view

    return [path("sso-role-decisions/", role_decisions_view, name="sso_role_decisions")]


class _RoleDecisionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cms.view_editorroledecision")


@hooks.register("register_reports_menu_item")
def register_role_decisions_menu_item():
    return _RoleDecisionsMenuItem("Rolletildelinger ved login", reverse("sso_role_decisions"), icon_name="user",
                                  order=910)
