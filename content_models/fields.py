"""A rich-text field whose every value passes the project's HTML sanitiser."""

from django.core.exceptions import ValidationError
from wagtail.fields import RichTextField

from .html_sanitiser import HtmlRefused, sanitise_html


class SanitisedRichTextField(RichTextField):
    """RichTextField that sanitises on form input and again before every save.

    Sanitising in the form covers drafts held only in revisions; pre_save covers
    everything written to the table (imports, services, publishing a revision).
    """

    def pre_save(self, model_instance, add):
        value = sanitise_html(getattr(model_instance, self.attname), stored=True)
        setattr(model_instance, self.attname, value)
        return value

    def clean(self, value, model_instance):
        try:
            return sanitise_html(super().clean(value, model_instance))
        except HtmlRefused as refused:
            raise ValidationError(refused.danish, code="html_refused") from None
