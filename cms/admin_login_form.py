"""Wagtail's login form with Danish labels: its password field has no label of its own, so Django shows the
field name ("Password") untranslated."""

from wagtail.admin.forms.auth import LoginForm


class DanishLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Adgangskode"
        self.fields["remember"].label = "Husk mig"
