"""Model fields with the content rules built in: sanitised rich text, and web addresses (http or https only)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
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


# The import format takes the same addresses (content_models/importing/schema.py), so an export always re-imports.
WEB_URL_SCHEMES = ("http", "https")
validate_web_url = URLValidator(
    schemes=list(WEB_URL_SCHEMES), message="Indtast en webadresse, der begynder med https:// eller http://."
)


class WebURLField(models.URLField):
    """An address citizens open in a browser: http or https, nothing else (no ftp:, no javascript:)."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"validators": [validate_web_url], **kwargs})
