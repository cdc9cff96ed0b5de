"""Wagtail admin for webhooks: endpoints (create/edit) and a read-only delivery log with retry.

The delivery log is an outbox admin (syndication/admin/outbox.py): view, inspect with the attempts, and retry
for holders of the ``change`` permission; its permission policy is registered in syndication/wagtail_hooks.py.
"""

import json

from django import forms
from django.shortcuts import get_object_or_404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from content_models.kinds import registry
from content_models.models import Municipality, PublishingEvent, Topic

from ..admin.outbox import OutboxInspectView, OutboxViewSet
from ..models import WebhookDelivery, WebhookEndpoint
from ..models.webhooks import generate_secret
from . import dispatch



# --- endpoints ---------------------------------------------------------------------------------


class WebhookEndpointForm(WagtailAdminModelForm):
    kinds = forms.MultipleChoiceField(
        label="Indholdstyper", choices=lambda: registry.choices(in_event_log=True), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Ingen valgt: alle indholdstyper.",
    )
    actions = forms.MultipleChoiceField(
        label="Handlinger", choices=PublishingEvent.Action.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Ingen valgt: alle handlinger.",
    )
    topics = forms.MultipleChoiceField(
        label="Emner", required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        choices=lambda: [(topic.slug, str(topic)) for topic in Topic.objects.select_related("parent")],
        help_text="Kun indhold i disse emner eller deres underemner. Ingen valgt: alle emner.",
    )
    municipalities = forms.MultipleChoiceField(
        label="Kommuner", required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        choices=lambda: [(m.code, f"{m.name} ({m.code})") for m in Municipality.objects.order_by("name")],
        help_text="Kun ændringer, der har betydning for disse kommuner: nationalt indhold og kommunernes egne og "
        "regionens lokale varianter. Ingen valgt: alle kommuner.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["partner", "url", "kinds", "actions", "topics", "municipalities", "is_active"]
        help_texts = {"url": "https-adresse, som modtager POST-kald. Signeringsnøglen dannes, når webhooken gemmes."}


class WebhookEndpointEditForm(WebhookEndpointForm):
    # Shown so it can be handed to the partner; disabled fields keep the stored value.
    secret = forms.CharField(
        label="Signeringsnøgle", disabled=True, required=False,
        help_text="Gives til partneren, som bruger den til at kontrollere X-Portal-Signature.",
    )
    rotate_secret = forms.BooleanField(
        label="Dan ny signeringsnøgle", required=False,
        help_text="Den gamle nøgle holder op med at virke med det samme.",
    )

    class Meta(WebhookEndpointForm.Meta):
        fields = ["partner", "url", "kinds", "actions", "topics", "municipalities", "is_active", "secret"]

    def save(self, commit=True):
        if self.cleaned_data.get("rotate_secret"):
            # From the admin the old secret stops at once (a partner rotating through the API may overlap them).
            self.instance.secret = generate_secret()
            self.instance.previous_secret, self.instance.previous_secret_expires_at = "", None
        return super().save(commit=commit)


class EndpointIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partner")


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhooks"
    icon = "link-external"
    menu_label = "Webhooks"
    index_view_class = EndpointIndexView
    copy_view_enabled = False
    list_display = ["url", "partner", BooleanColumn("is_active", label="Aktiv"), DateColumn("created_at", label="Oprettet")]
    list_filter = ["partner", "is_active"]

    def get_form_class(self, for_update=False):
        return WebhookEndpointEditForm if for_update else WebhookEndpointForm


# --- deliveries --------------------------------------------------------------------------------


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("endpoint__partner")


class DeliveryInspectView(OutboxInspectView):
    template_name = "syndication/webhooks/delivery_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(WebhookDelivery.objects.select_related("endpoint__partner"), pk=self.pk)

    def get_payload_display_value(self):
        return json.dumps(self.object.payload, ensure_ascii=False, indent=2)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.all()
        return context


class WebhookDeliveryViewSet(OutboxViewSet):
    model = WebhookDelivery
    name = "webhook_deliveries"
    url_prefix = "webhook-deliveries"
    icon = "mail"
    menu_label = "Webhook-leveringer"
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    list_display = [
        "__str__",
        Column("status", accessor="get_status_display", label="Status", sort_key="status"),
        Column("attempts", label="Forsøg", sort_key="attempts"),
        Column("last_status_code", label="Seneste HTTP-status"),
        DateColumn("next_attempt_at", label="Næste forsøg", sort_key="next_attempt_at"),
        DateColumn("created_at", label="Oprettet", sort_key="created_at"),
    ]
    list_filter = ["status", "endpoint"]
    inspect_view_fields = [
        "endpoint", "status", "attempts", "next_attempt_at", "last_status_code", "last_error",
        "delivered_at", "created_at", "idempotency_key", "payload",
    ]
    retry_message = "Leveringen bliver forsøgt igen ved næste kørsel."

    def retry_now(self, delivery):
        dispatch.retry_now(delivery)
