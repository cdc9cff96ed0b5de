"""Local admin passwords: allowed when ADMIN_PASSWORD_LOGIN is true (development, tests), refused otherwise.

Two guards: the admin login view answers a password POST with a clear refusal (403) and shows only the SSO
buttons, and the authentication backend refuses passwords everywhere else (any other view calling
``authenticate``). Sessions made by SSO use the same backend, so they are unaffected.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from wagtail.admin.views.account import LoginView

from .errors import SSOError, logger
from .login_options import editor_login_options


def password_login_enabled() -> bool:
    return bool(settings.ADMIN_PASSWORD_LOGIN)


class PasswordGuardedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not password_login_enabled():
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AdminLoginView(LoginView):
    """Wagtail's login page with the SSO buttons above the (optional) password form."""

    template_name = "sso/admin_login.html"

    def post(self, request, *args, **kwargs):
        if not password_login_enabled():
            error = SSOError("password_login_disabled")
            logger.warning(
                "sso login refused: %s", error.reason, extra={"sso_reason": error.reason, "sso_protocol": "password"}
            )
            context = self.get_context_data(refusal=error.message)
            return self.render_to_response(context, status=error.status)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_login_enabled"] = password_login_enabled()
        context["sso_options"] = editor_login_options(self.get_redirect_url())
        if not password_login_enabled():
            context["show_password_reset"] = False
        return context
