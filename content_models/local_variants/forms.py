"""The admin form for local variants: a municipal editor can only pick their own municipality."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from ..models.geography import Municipality
from .permissions import can_edit_place, editable_municipality_ids


class LocalVariantForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = editable_municipality_ids(self.for_user) if self.for_user else None
        if allowed is not None:
            self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=allowed)
            self.fields["municipality"].required = True
            if "region" in self.fields:
                del self.fields["region"]

    def clean(self):
        cleaned = super().clean()
        municipality, region = cleaned.get("municipality"), cleaned.get("region")
        if self.for_user and not can_edit_place(
            self.for_user, municipality.pk if municipality else None, region.pk if region else None
        ):
            raise ValidationError("Du kan kun redigere lokalt indhold for din egen kommune.")
        return cleaned
