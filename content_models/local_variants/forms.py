"""The admin form for local variants.

A municipal editor with one municipality gets it preselected and fixed; the part of the national item a local
text sits under (a guide's section, a step) is chosen from a list of headings, never typed as a key; a national
item given in the address (``?guide=12&section_key=anmeld`` from the item's local-content page) is fixed too.
"""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from ..models.geography import Municipality
from .permissions import can_edit_place, editable_municipality_ids

NO_PLACE_MESSAGE = "Du kan kun redigere lokalt indhold for din egen kommune."


def _part_choices(model, item):
    """(key, heading) of every part of ``item``, or of every live item grouped by title when none is chosen."""
    if item is not None:
        return [(key, label) for key, label in item.local_text_parts()]
    item_model = model._meta.get_field(model.localised_field).related_model
    grouped = []
    for page in item_model.objects.order_by("title"):
        grouped.append((page.title, [(key, label) for key, label in page.local_text_parts()]))
    return grouped


class LocalVariantForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = editable_municipality_ids(self.for_user) if self.for_user else None
        if allowed is not None:
            field = self.fields["municipality"]
            field.queryset = Municipality.objects.filter(pk__in=allowed)
            field.required = True
            field.empty_label = None  # the editor's municipality is chosen from the start: the only choice, if one
            field.error_messages["invalid_choice"] = NO_PLACE_MESSAGE
            if len(allowed) == 1:
                field.initial = next(iter(allowed))
                field.help_text = "Din kommune. Lokalt indhold for andre kommuner kan du ikke oprette."
            if "region" in self.fields:
                del self.fields["region"]
        self._fix_localised_item()
        self._offer_parts()

    @property
    def _item_field(self) -> str:
        return self._meta.model.localised_field

    def _given_item(self):
        field = self.fields.get(self._item_field)
        if field is None:
            return None
        value = self.initial.get(self._item_field) or getattr(self.instance, f"{self._item_field}_id", None)
        if not value:
            return None
        return field.queryset.filter(pk=getattr(value, "pk", value)).first()

    def _fix_localised_item(self):
        item = self._given_item()
        if item is not None:
            self.fields[self._item_field].initial = item.pk
            if self.instance.pk:  # an existing text stays where it is
                self.fields[self._item_field].disabled = True
        self._item = item

    def _offer_parts(self):
        key_field = getattr(self._meta.model, "target_key_field", "")
        if not key_field or key_field not in self.fields:
            return
        label = self._meta.model._meta.get_field(key_field).verbose_name
        current = self.fields[key_field]
        self.fields[key_field] = forms.ChoiceField(
            label=label.capitalize(), choices=[("", "Vælg ...")] + _part_choices(self._meta.model, self._item),
            help_text=current.help_text or f"Vælg det {label}, lokalteksten skal stå under.",
            error_messages={"invalid_choice": f"Der er intet {label} med nøglen »%(value)s«; vælg et {label} på listen."},
        )

    def clean(self):
        cleaned = super().clean()
        municipality, region = cleaned.get("municipality"), cleaned.get("region")
        if self.for_user and not can_edit_place(
            self.for_user, municipality.pk if municipality else None, region.pk if region else None
        ):
            raise ValidationError(NO_PLACE_MESSAGE)
        return cleaned
