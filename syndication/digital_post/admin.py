"""Wagtail admin for the Digital Post outbox: a read-only list with a status filter, an inspect view and retry.

Built like the webhook deliveries (syndication/webhooks/admin.py) and with the same permission policy: the
worker writes the rows, the admin may look (``view``) and retry (``change``). No view shows a recipient's
number: the MeMo body that holds it is stored encrypted and never decrypted here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import DigitalPostMessage
from ..webhooks.admin import DeliveryPermissionPolicy
from . import dispatch

RETRY_PERMISSION = "syndication.change_digitalpostmessage"
# The fields an inspect view may show; payload and hashes are deliberately absent.
INSPECT_FIELDS = [
    "title", "content_kind", "content_identifier", "recipient_kind", "status", "attempts", "next_attempt_at",
    "last_status_code", "last_error", "delivered_at", "created_at", "uuid", "event",
]


class MessagePermissionPolicy(DeliveryPermissionPolicy):
    """Same rules as webhook deliveries: view, and ``change`` meaning "may retry"."""


class MessageInspectView(generic.InspectView):
    template_name = "syndication/digital_post/message_inspect.html"
    retry_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_retry = self.object.status != DigitalPostMessage.Status.DELIVERED and self.request.user.has_perm(
            RETRY_PERMISSION
        )
        if self.retry_url_name and can_retry:
            context["retry_url"] = reverse(self.retry_url_name, args=(self.object.pk,))
        return context


class DigitalPostMessageViewSet(ModelViewSet):
    model = DigitalPostMessage
    name = "digital_post_messages"
    url_prefix = "digital-post"
    icon = "mail"
    menu_label = "Digital Post"
    inspect_view_class = MessageInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("recipient_kind", accessor="get_recipient_kind_display", label="Modtager", sort_key="recipient_kind"),
        Column("status", accessor="get_status_display", label="Status", sort_key="status"),
        Column("attempts", label="Forsøg", sort_key="attempts"),
        Column("last_status_code", label="Seneste HTTP-status"),
        DateColumn("next_attempt_at", label="Næste forsøg", sort_key="next_attempt_at"),
        DateColumn("created_at", label="Oprettet", sort_key="created_at"),
    ]
    list_filter = ["status", "recipient_kind", "content_kind"]
    inspect_view_fields = INSPECT_FIELDS

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(
            codename__in=["view_digitalpostmessage", "change_digitalpostmessage"]
        )

    @property
    def retry_view(self):
        inspect_url_name = self.get_url_name("inspect")

        @require_POST
        def retry(request, pk):
            if not request.user.has_perm(RETRY_PERMISSION):
                raise PermissionDenied
            message = get_object_or_404(DigitalPostMessage, pk=pk)
            dispatch.retry_now(message)
            messages.success(request, "Beskeden bliver forsøgt sendt igen ved næste kørsel.")
            return redirect(inspect_url_name, pk)

        return retry

    def get_urlpatterns(self):
        # An outbox, not a form: listing, inspect and retry only.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]
