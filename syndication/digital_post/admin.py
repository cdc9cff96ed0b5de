"""Wagtail admin for the Digital Post outbox: a read-only list with a status filter, an inspect view and retry.

Built like the webhook deliveries (syndication/webhooks/admin.py), on the same outbox admin
(syndication/admin/outbox.py): the worker writes the rows, the admin may look (``view``) and retry
(``change``). No view shows a recipient's number: the MeMo body that holds it is stored encrypted and
never decrypted here.
"""

from wagtail.admin.ui.tables import Column, DateColumn

from ..admin.outbox import OutboxInspectView, OutboxViewSet
from ..models import DigitalPostMessage
from . import dispatch

# The fields an inspect view may show; payload and hashes are deliberately absent.
INSPECT_FIELDS = [
    "title", "content_kind", "content_identifier", "recipient_kind", "status", "attempts", "next_attempt_at",
    "last_status_code", "last_error", "delivered_at", "created_at", "uuid", "event",
]


class MessageInspectView(OutboxInspectView):
    template_name = "syndication/digital_post/message_inspect.html"


class DigitalPostMessageViewSet(OutboxViewSet):
    model = DigitalPostMessage
    name = "digital_post_messages"
    url_prefix = "digital-post"
    icon = "mail"
    menu_label = "Digital Post"
    inspect_view_class = MessageInspectView
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
    retry_message = "Beskeden bliver forsøgt sendt igen ved næste kørsel."

    def retry_now(self, message):
        dispatch.retry_now(message)
