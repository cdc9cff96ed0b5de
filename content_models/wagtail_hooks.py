"""Admin menus: taxonomy, standards, and local variants scoped to the editor's municipality; the local-content
pages, the dashboards per role, and unpublishing with gone/redirect."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from .admin import dashboard, local_content_views, unpublish_views
from .admin.scoped_views import ObjectScopedSnippetViewSet
from .admin.selectors import variant_state
from .admin.usage import where_used
from .forms import MajorUpdateSnippetForm
from .local_variants.forms import LocalVariantForm
from .local_variants.permissions import register_policies
from .local_variants.services import CONFLICT_MESSAGE
from .models import (
    Authority,
    LinkStatus,
    LocalText,
    ModuleLocalText,
    SelfServiceUrlOverride,
    Standard,
    StepLocalText,
    Topic,
)

# Before any view asks for them, or Wagtail falls back to model-level policies.
register_policies()

# Booleans as words: a variant's state ("Kladde", "Publiceret", "Forældet"), never "True".
STATE_COLUMN = StatusTagColumn("state", label="Status", accessor=variant_state, primary=lambda obj: obj.live)
PLACE_COLUMNS = [Column("municipality", label="Kommune"), Column("region", label="Region")]


class PrefilledCreateView(CreateView):
    """?guide=12&section_key=anmeld (from a local-content page) preselects what the editor came from."""

    def get_initial(self):
        initial = super().get_initial()
        for name in ("guide", "section_key", "step_by_step", "step_key", "teaching_module", "link"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial


class ConflictRefusingEditView(EditView):
    """Two editors on the same local variant: the second save is refused, not written over the first.

    Wagtail refuses an out-of-date autosave but lets a plain save overwrite a newer revision; here both are
    refused, with the Danish message the service gives (local_variants.services.EditConflict).
    """

    def is_valid(self, form):
        if self.is_out_of_date:
            self.produced_error_code = "invalid_revision"
            self.produced_error_message = CONFLICT_MESSAGE
            return False
        return super().is_valid(form)


class _LocalTextViewSet(ObjectScopedSnippetViewSet):
    add_view_class = PrefilledCreateView
    edit_view_class = ConflictRefusingEditView
    icon = "pilcrow"
    list_filter = ["municipality", "region", "live"]
    search_fields = ["body"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is not None:
            cls.edit_handler = ObjectList(cls.model.panels, base_form_class=LocalVariantForm)
            cls.list_display = ["__str__", *PLACE_COLUMNS, STATE_COLUMN]


class LocalTextViewSet(_LocalTextViewSet):
    model = LocalText
    menu_label = "Lokaltekster til vejledninger"


class StepLocalTextViewSet(_LocalTextViewSet):
    model = StepLocalText
    menu_label = "Lokaltekster til trin"


class ModuleLocalTextViewSet(_LocalTextViewSet):
    model = ModuleLocalText
    menu_label = "Lokaltekster til forløb"


class UrlOverrideViewSet(ObjectScopedSnippetViewSet):
    model = SelfServiceUrlOverride
    add_view_class = PrefilledCreateView
    edit_view_class = ConflictRefusingEditView
    edit_handler = ObjectList(SelfServiceUrlOverride.panels, base_form_class=LocalVariantForm)
    icon = "link"
    menu_label = "Lokale adresser"
    list_display = ["__str__", *PLACE_COLUMNS,
                    Column("url", label="Adresse"), STATE_COLUMN]
    list_filter = ["municipality", "region", "live"]


class LocalContentGroup(SnippetViewSetGroup):
    menu_label = "Lokalt indhold"
    menu_icon = "site"
    menu_order = 200
    items = (LocalTextViewSet, StepLocalTextViewSet, ModuleLocalTextViewSet, UrlOverrideViewSet)


class WhereUsedDeleteView(DeleteView):
    """Before deleting a topic, authority or standard: every page that uses it, many-to-many relations included
    (Wagtail's own usage count misses a guide's topics)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["uses"] = where_used(self.object)
        return context


class CatalogueViewSet(SnippetViewSet):
    """The catalogues are small: their listings search the database (part of a word matches), not the search
    index, which knows only some of their fields (searching slugs or identifiers there answered 500)."""

    search_backend_name = None


class TopicViewSet(CatalogueViewSet):
    model = Topic
    delete_view_class = WhereUsedDeleteView
    delete_template_name = "content_models/admin/confirm_delete_with_uses.html"
    icon = "tag"
    menu_label = "Emner"
    list_display = ["__str__", "slug"]
    search_fields = ["title", "slug"]


class AuthorityViewSet(CatalogueViewSet):
    model = Authority
    delete_view_class = WhereUsedDeleteView
    delete_template_name = "content_models/admin/confirm_delete_with_uses.html"
    icon = "group"
    menu_label = "Myndigheder"
    list_display = ["name", "type", "municipality", "region"]
    list_filter = ["type"]
    search_fields = ["name", "slug"]


class StandardViewSet(CatalogueViewSet):
    model = Standard
    delete_view_class = WhereUsedDeleteView
    delete_template_name = "content_models/admin/confirm_delete_with_uses.html"
    edit_handler = ObjectList(Standard.panels, base_form_class=MajorUpdateSnippetForm)
    icon = "doc-full"
    menu_label = "Standarder"
    list_display = ["identifier", "title", "category", "status", StatusTagColumn(
        "status_string", label="Status", primary=lambda obj: obj.live,
        accessor=lambda obj: "Publiceret" if obj.live else "Kladde")]
    list_filter = ["category", "live"]
    search_fields = ["identifier", "title"]


class LinkStatusViewSet(SnippetViewSet):
    model = LinkStatus
    icon = "warning"
    menu_label = "Linktjek"
    list_display = ["url", Column("state", label="Status", accessor="get_state_display"), "http_status", "checked_at"]
    list_filter = ["state"]
    search_fields = ["url"]
    inspect_view_enabled = True


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = "Kataloger"
    menu_icon = "folder-open-inverse"
    menu_order = 210
    items = (TopicViewSet, AuthorityViewSet, StandardViewSet, LinkStatusViewSet)


register_snippet(LocalContentGroup)
register_snippet(CatalogueGroup)


@hooks.register("register_admin_urls")
def local_content_urls():
    urls = [
        path("", local_content_views.item_list, name="list"),
        path("<int:page_id>/", local_content_views.item_detail, name="item"),
        path("bekraeft/<str:model_name>/<int:pk>/", local_content_views.confirm, name="confirm"),
    ]
    return [
        path("lokalt-indhold/", include((urls, "local_content"))),
        path("afpublicer/<int:page_id>/", unpublish_views.unpublish, name="unpublish_with_redirect"),
    ]


@hooks.register("register_admin_menu_item")
def local_content_menu_item():
    return MenuItem("Find indhold", reverse("local_content:list"), icon_name="search", order=190)


hooks.register("construct_homepage_panels", dashboard.on_construct_homepage_panels)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, local_content_views.ITEM_MODELS):
        yield Button("Lokalt indhold", reverse("local_content:item", args=[page.pk]), icon_name="site", priority=60)
    if page.live and page.permissions_for_user(user).can_unpublish():
        yield Button("Afpublicér med omdirigering", reverse("unpublish_with_redirect", args=[page.pk]),
                     icon_name="redirect", priority=70)
