"""Admin menus: taxonomy, standards, and local variants scoped to the editor's municipality."""

from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin.scoped_views import ObjectScopedSnippetViewSet
from .forms import MajorUpdateSnippetForm
from .local_variants.forms import LocalVariantForm
from .local_variants.permissions import register_policies
from .models import Authority, LocalText, SelfServiceUrlOverride, Standard, Topic

# Before any view asks for them, or Wagtail falls back to model-level policies.
register_policies()


class LocalTextViewSet(ObjectScopedSnippetViewSet):
    model = LocalText
    edit_handler = ObjectList(LocalText.panels, base_form_class=LocalVariantForm)
    icon = "pilcrow"
    menu_label = "Lokaltekster"
    list_display = ["__str__", "municipality", "region", "live"]
    list_filter = ["municipality", "region", "live"]
    search_fields = ["section_key", "body"]


class UrlOverrideViewSet(ObjectScopedSnippetViewSet):
    model = SelfServiceUrlOverride
    edit_handler = ObjectList(SelfServiceUrlOverride.panels, base_form_class=LocalVariantForm)
    icon = "link"
    menu_label = "Lokale adresser"
    list_display = ["__str__", "municipality", "region", "url", "live"]
    list_filter = ["municipality", "region", "live"]


class LocalContentGroup(SnippetViewSetGroup):
    menu_label = "Lokalt indhold"
    menu_icon = "site"
    menu_order = 200
    items = (LocalTextViewSet, UrlOverrideViewSet)


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Emner"
    list_display = ["__str__", "slug"]
    search_fields = ["title", "slug"]


class AuthorityViewSet(SnippetViewSet):
    model = Authority
    icon = "group"
    menu_label = "Myndigheder"
    list_display = ["name", "type", "municipality", "region"]
    list_filter = ["type"]
    search_fields = ["name", "slug"]


class StandardViewSet(SnippetViewSet):
    model = Standard
    edit_handler = ObjectList(Standard.panels, base_form_class=MajorUpdateSnippetForm)
    icon = "doc-full"
    menu_label = "Standarder"
    list_display = ["identifier", "title", "category", "status", "live"]
    list_filter = ["category", "live"]
    search_fields = ["identifier", "title"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = "Kataloger"
    menu_icon = "folder-open-inverse"
    menu_order = 210
    items = (TopicViewSet, AuthorityViewSet, StandardViewSet)


register_snippet(LocalContentGroup)
register_snippet(CatalogueGroup)

from .translations import admin_hooks  # noqa: E402,F401  (language versions: actions, report, deleting a source)
