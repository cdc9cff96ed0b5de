"""Admin menu "Syndikering": webhooks now; partner and key views join through SYNDICATION_VIEWSETS."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from .admin.outbox import OutboxPermissionPolicy
from .models import WebhookDelivery
from .webhooks.admin import WebhookDeliveryViewSet, WebhookEndpointViewSet

# Before any view asks for it, or Wagtail falls back to the plain model policy.
register_permission_policy(WebhookDelivery, OutboxPermissionPolicy(WebhookDelivery))

# The group's items, in menu order. Add further syndication viewsets (classes or instances) here,
# e.g. SYNDICATION_VIEWSETS.insert(0, PartnerViewSet); the list is read when the admin URLs load.
SYNDICATION_VIEWSETS: list = [WebhookEndpointViewSet, WebhookDeliveryViewSet]


class SyndicationGroup(ModelViewSetGroup):
    menu_label = "Syndikering"
    menu_icon = "globe"
    menu_order = 220

    def __init__(self):
        self.items = tuple(SYNDICATION_VIEWSETS)
        super().__init__()


@hooks.register("register_admin_viewset")
def register_syndication_viewsets():
    return SyndicationGroup()


# API preview tokens for drafts (see syndication/preview/).
@hooks.register("register_admin_urls")
def register_preview_token_url():
    from django.urls import path

    from .preview.admin_views import preview_token_view

    return [
        path("api-preview/<int:content_type_id>/<int:object_id>/", preview_token_view, name="syndication_preview_token")
    ]


@hooks.register("register_page_header_buttons")
def register_preview_token_button(page, user, view_name=None, next_url=None):
    from .preview.admin_views import preview_token_button

    yield from preview_token_button(page, user, view_name, next_url)


# Partners and their API keys (syndication/admin/partners.py), first in the "Syndikering" menu.
from .admin.partners import PartnerKeyPermissionPolicy, PartnerKeyViewSet, PartnerViewSet  # noqa: E402
from .models import PartnerKey  # noqa: E402

register_permission_policy(PartnerKey, PartnerKeyPermissionPolicy(PartnerKey))
SYNDICATION_VIEWSETS[:0] = [PartnerViewSet, PartnerKeyViewSet]


# Digital Post notifications: the outbox of MeMo messages (syndication/digital_post/admin.py), last in the menu.
from .digital_post.admin import DigitalPostMessageViewSet  # noqa: E402
from .models import DigitalPostMessage  # noqa: E402

register_permission_policy(DigitalPostMessage, OutboxPermissionPolicy(DigitalPostMessage))
SYNDICATION_VIEWSETS.append(DigitalPostMessageViewSet)


# Deprecated API fields in use, per partner key (syndication/deprecations/): a report.
@hooks.register("register_admin_urls")
def register_deprecated_usage_url():
    from django.urls import path

    from .deprecations.admin_views import deprecated_usage_view

    return [path("api-deprecations/", deprecated_usage_view, name="syndication_deprecated_usage")]


class _DeprecatedUsageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("syndication.view_deprecatedfieldusage")


@hooks.register("register_reports_menu_item")
def register_deprecated_usage_menu_item():
    return _DeprecatedUsageMenuItem(
        "Udfasede API-felter", reverse("syndication_deprecated_usage"), icon_name="warning", order=950
    )
