"""Wagtail admin for partners and their API keys.

A key is issued here (syndication.partners.keys.issue_key) and shown exactly once, on the page that
answers the issuing form; the portal stores only its sha256, so afterwards the listing shows the
prefix alone. A key is never deleted, only revoked (revoke_key), so the listing keeps the history
of who had access. Everything requires the models' permissions (in practice: superusers).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from ..models import Partner, PartnerKey
from ..partners.keys import KEY_PREFIX, issue_key, revoke_key

# --- partners ----------------------------------------------------------------------------------------


class PartnerForm(WagtailAdminModelForm):
    class Meta:
        model = Partner
        fields = [
            "name", "slug", "contact_email", "municipality", "allowed_origins", "requests_per_minute", "is_active",
        ]
        labels = {"slug": "Kort navn (slug)"}
        help_texts = {
            "contact_email": "Får e-mail, før felter i API'et, som partnerens nøgler bruger, udfases.",
            "requests_per_minute": "Hver af partnerens API-nøgler må bruge så mange forespørgsler pr. minut.",
            "is_active": "En inaktiv partners nøgler afvises (HTTP 401), og dens webhooks sendes ikke.",
        }
        widgets = {"allowed_origins": forms.Textarea(attrs={"rows": 3})}


class PartnerIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset()
            .select_related("municipality")
            .annotate(active_keys=Count("keys", filter=Q(keys__revoked_at__isnull=True)))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        may_issue = policy_registry.get_by_type(PartnerKey).user_has_permission(self.request.user, "add")
        if instance.is_active and may_issue:
            issue_url = reverse(PartnerKeyViewSet.issue_url_name)
            buttons.append(
                MenuItem("Udsted ny nøgle", url=f"{issue_url}?partner={instance.pk}", icon_name="key", priority=15)
            )
        return buttons


class PartnerViewSet(ModelViewSet):
    model = Partner
    name = "partners"
    icon = "group"
    menu_label = "Partnere"
    add_item_label = "Tilføj partner"
    index_view_class = PartnerIndexView
    copy_view_enabled = False
    list_display = [
        "name",
        "slug",
        "municipality",
        Column("requests_per_minute", label="Forespørgsler pr. minut", sort_key="requests_per_minute"),
        Column("active_keys", label="Aktive nøgler", sort_key="active_keys"),
        BooleanColumn("is_active", label="Aktiv", sort_key="is_active"),
    ]
    list_filter = ["is_active", "municipality"]
    search_fields = ["name", "slug", "contact_email"]

    def get_form_class(self, for_update=False):
        return PartnerForm


# --- API keys ----------------------------------------------------------------------------------------

ISSUED_KEY_TEMPLATE = """{% extends "wagtailadmin/base.html" %}
{% block titletag %}Ny API-nøgle{% endblock %}
{% block content %}
  {% include "wagtailadmin/shared/header.html" with title="Ny API-nøgle" subtitle=key.partner icon="key" %}
  <div class="nice-padding">
    <div class="help-block help-warning">
      <p>Kopiér nøglen nu og giv den sikkert til partneren. Den vises ikke igen: portalen gemmer kun et
         fingeraftryk (sha256) af den. Mister partneren den, udsteder du en ny og tilbagekalder den gamle.</p>
    </div>
    <p><label for="api-key">API-nøgle til {{ key.partner }}{% if key.name %} ({{ key.name }}){% endif %}</label></p>
    <input id="api-key" type="text" readonly value="{{ raw_key }}" style="width: 100%; font-family: monospace">
    <p>Partneren sender den til <code>{{ endpoint }}</code> som HTTP-headeren
       <code>Authorization: Bearer &lt;nøgle&gt;</code> (eller <code>X-Api-Key</code>) og må bruge
       {{ key.partner.requests_per_minute }} forespørgsler pr. minut.</p>
    <p><a class="button" href="{{ index_url }}">Til API-nøglerne</a></p>
  </div>
{% endblock %}
"""

REVOKE_TEMPLATE = """{% extends "wagtailadmin/base.html" %}
{% block titletag %}Tilbagekald API-nøgle{% endblock %}
{% block content %}
  {% include "wagtailadmin/shared/header.html" with title="Tilbagekald API-nøgle" subtitle=key icon="key" %}
  <div class="nice-padding">
    <p>Når nøglen <code>{{ display_key }}</code> til {{ key.partner }} er tilbagekaldt, afvises alle kald med den
       (HTTP 401). Det kan ikke fortrydes; udsted en ny nøgle, hvis partneren skal have adgang igen.</p>
    <form action="{{ revoke_url }}" method="post">
      {% csrf_token %}
      <button type="submit" class="button serious">Ja, tilbagekald nøglen</button>
      <a href="{{ index_url }}" class="button button-secondary">Nej, behold den</a>
    </form>
  </div>
{% endblock %}
"""


def display_key(key: PartnerKey) -> str:
    """What the admin shows of a key: its prefix, never more."""
    return f"{KEY_PREFIX}{key.prefix}_…"


def _template(source):
    return engines["django"].from_string(source)


class PartnerKeyPermissionPolicy(ModelPermissionPolicy):
    """Keys are revoked (``change``), never deleted: the listing stays a record of who had access."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class IssueKeyForm(WagtailAdminModelForm):
    class Meta:
        model = PartnerKey
        fields = ["partner", "name"]
        labels = {"partner": "Partner", "name": "Navn"}
        help_texts = {"name": "Hvad nøglen bruges til, fx \"hjemmeside\" eller \"test\"."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)


class KeyNameForm(WagtailAdminModelForm):
    class Meta:
        model = PartnerKey
        fields = ["name"]
        labels = {"name": "Navn"}


class IssueKeyView(generic.CreateView):
    """The "Udsted ny nøgle" form: creates the key and answers with the one page that shows it."""

    page_title = "Udsted ny nøgle"
    submit_button_label = "Udsted nøgle"
    submit_button_active_label = "Udsteder …"

    @cached_property
    def expects_json_response(self):
        return False  # the key is only ever shown on the HTML page below

    def get_initial(self):
        initial = super().get_initial()
        partner = self.request.GET.get("partner", "")
        if partner.isdigit():
            initial["partner"] = partner
        return initial

    def save_instance(self):
        key, self.raw_key = issue_key(self.form.cleaned_data["partner"], self.form.cleaned_data["name"])
        log(instance=key, action="wagtail.create", user=self.request.user)
        return key

    def save_action(self):
        response = TemplateResponse(
            self.request,
            _template(ISSUED_KEY_TEMPLATE),
            {
                "key": self.object,
                "raw_key": self.raw_key,
                "endpoint": self.request.build_absolute_uri(reverse("graphql")),
                "index_url": reverse(self.index_url_name),
            },
        )
        # Neither the browser nor a proxy may keep the page that holds the key.
        add_never_cache_headers(response)
        return response


class PartnerKeyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partner")

    @cached_property
    def columns(self):
        # The key's prefix is the title column (link to the edit form, row buttons): no model field holds it.
        title = self._get_title_column_class(TitleColumn)(
            "key", label="Nøgle", accessor=display_key, get_url=self.get_edit_url
        )
        return [title, *super().columns]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem(
                    "Tilbagekald", url=reverse(PartnerKeyViewSet.revoke_url_name, args=[instance.pk]), icon_name="bin",
                    priority=25,
                )
            )
        return buttons


def _status(key: PartnerKey) -> str:
    if key.revoked_at is not None:
        return "Tilbagekaldt"
    return "Aktiv" if key.partner.is_active else "Partner inaktiv"


class PartnerKeyViewSet(ModelViewSet):
    model = PartnerKey
    name = "partner_keys"
    url_prefix = "api-keys"
    icon = "key"
    menu_label = "API-nøgler"
    add_item_label = "Udsted ny nøgle"
    index_view_class = PartnerKeyIndexView
    add_view_class = IssueKeyView
    copy_view_enabled = False
    issue_url_name = "partner_keys:add"
    revoke_url_name = "partner_keys:revoke"
    list_display = [  # after the key itself (PartnerKeyIndexView.columns)
        Column("partner", label="Partner", sort_key="partner__name"),
        Column("name", label="Navn", sort_key="name"),
        Column("status", label="Status", accessor=_status),
        DateColumn("created_at", label="Udstedt", sort_key="created_at"),
        DateColumn("last_used_at", label="Senest brugt", sort_key="last_used_at"),
        DateColumn("revoked_at", label="Tilbagekaldt", sort_key="revoked_at"),
    ]
    list_filter = ["partner"]

    def get_form_class(self, for_update=False):
        return KeyNameForm if for_update else IssueKeyForm

    def get_permissions_to_register(self):
        # Deleting is never offered, so there is no delete permission to hand out.
        return super().get_permissions_to_register().exclude(codename="delete_partnerkey")

    @property
    def revoke_view(self):
        index_url_name = self.get_url_name("index")
        revoke_url_name = self.get_url_name("revoke")
        permission_policy = self.permission_policy

        @never_cache
        def revoke(request, pk):
            if not permission_policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            key = get_object_or_404(PartnerKey.objects.select_related("partner"), pk=pk)
            if request.method == "POST":
                if key.revoked_at is None:
                    revoke_key(key)
                    log(instance=key, action="wagtail.edit", user=request.user, data={"revoked": True})
                messages.success(request, f"Nøglen {display_key(key)} til {key.partner} er tilbagekaldt.")
                return redirect(index_url_name)
            return TemplateResponse(
                request,
                _template(REVOKE_TEMPLATE),
                {
                    "key": key,
                    "display_key": display_key(key),
                    "revoke_url": reverse(revoke_url_name, args=[key.pk]),
                    "index_url": reverse(index_url_name),
                },
            )

        return revoke

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("revoke/<int:pk>/", self.revoke_view, name="revoke")]
