"""The admin's logout: Wagtail's, plus single logout at NemLog-in for an editor who logged in through it."""

from django.shortcuts import resolve_url
from wagtail.admin.views.account import LogoutView

from . import logout, saml_sessions


class EditorLogoutView(LogoutView):
    def post(self, request, *args, **kwargs):
        if saml_sessions.current(request, "editor") is None:
            return super().post(request, *args, **kwargs)
        # Signed out of the admin at once; the browser then passes NemLog-in and comes back to the login page.
        return logout.log_out(request, "editor", resolve_url(self.next_page))
