"""Wagtail admin for webhooks: endpoints (create/edit) and a read-only delivery log with retry."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from content_models.events.kinds import CONTENT_KINDS
from content_models.models import PublishingEvent

from ..models import WebhookDelivery, WebhookEndpoint
from ..models.webhooks import generate_secret
from . import dispatch

KIND_LABELS = {
    "guide": "Vejledning",
    "self_service_link": "Selvbetjeningslink",
    "step_by_step": "Trin for trin",
    "teaching_module": "Undervisningsforløb",
    "standard": "Standard",
    "local_text": "Lokaltekst",
    "self_service_url": "Lokal selvbetjeningsadresse",
}
KIND_CHOICES = [(kind, KIND_LABELS.get(kind, kind)) for kind in CONTENT_KINDS]
RETRY_PERMISSION = "syndication.change_webhookdelivery"


# --- endpoints ---------------------------------------------------------------------------------


class WebhookEndpointForm(WagtailAdminModelForm):
    kinds = forms.MultipleChoiceField(
        label="Indholdstyper", choices=KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Ingen valgt: alle indholdstyper.",
    )
    actions = forms.MultipleChoiceField(
        label="Handlinger", choices=PublishingEvent.Action.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Ingen valgt: alle handlinger.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["partner", "url", "kinds", "actions", "is_active"]
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
        fields = ["partner", "url", "kinds", "actions", "is_active", "secret"]

    def save(self, commit=True):
        if self.cleaned_data.get("rotate_secret"):
            self.instance.secret = generate_secret()
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


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """Deliveries are written by the worker only: the admin may look (``view``), never add/edit/delete.

    The model's ``change`` permission is reused to mean "may retry a delivery".
    """

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("endpoint__partner")


class DeliveryInspectView(generic.InspectView):
    template_name = "syndication/webhooks/delivery_inspect.html"
    retry_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(WebhookDelivery.objects.select_related("endpoint__partner"), pk=self.pk)

    def get_payload_display_value(self):
        return json.dumps(self.object.payload, ensure_ascii=False, indent=2)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.all()
        can_retry = self.object.status != WebhookDelivery.Status.DELIVERED and self.request.user.has_perm(
            RETRY_PERMISSION
        )
        if self.retry_url_name and can_retry:
            context["retry_url"] = reverse(self.retry_url_name, args=(self.object.pk,))
        return context


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    name = "webhook_deliveries"
    url_prefix = "webhook-deliveries"
    icon = "mail"
    menu_label = "Webhook-leveringer"
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
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

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    def get_permissions_to_register(self):
        # Only "view" (see the log) and "change" (retry) mean something for deliveries.
        return super().get_permissions_to_register().filter(
            codename__in=["view_webhookdelivery", "change_webhookdelivery"]
        )

    @property
    def retry_view(self):
        inspect_url_name = self.get_url_name("inspect")

        @require_POST
        def retry(request, pk):
            if not request.user.has_perm(RETRY_PERMISSION):
                raise PermissionDenied
            delivery = get_object_or_404(WebhookDelivery, pk=pk)
            dispatch.retry_now(delivery)
            messages.success(request, "Leveringen bliver forsøgt igen ved næste kørsel.")
            return redirect(inspect_url_name, pk)

        return retry

    def get_urlpatterns(self):
        # A log, not a form: listing, inspect and retry only.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]
