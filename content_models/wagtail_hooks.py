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


class CatalogueViewSet(SnippetViewSet):
    """The catalogues are small: their listings search the database (part of a word matches), not the search
    index, which knows only some of their fields (searching slugs or identifiers there answered 500)."""

    search_backend_name = None


class TopicViewSet(CatalogueViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Emner"
    list_display = ["__str__", "slug"]
    search_fields = ["title", "slug"]


class AuthorityViewSet(CatalogueViewSet):
    model = Authority
    icon = "group"
    menu_label = "Myndigheder"
    list_display = ["name", "type", "municipality", "region"]
    list_filter = ["type"]
    search_fields = ["name", "slug"]


class StandardViewSet(CatalogueViewSet):
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
