"""Admin: Snippets › Fremhævede selvbetjeningsløsninger på forsiden (the editable override of the home page's list)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FeaturedSelfService


class FeaturedSelfServiceViewSet(SnippetViewSet):
    model = FeaturedSelfService
    icon = "pick"
    menu_label = "Forsidens selvbetjeninger"
    add_to_admin_menu = False
    list_display = ["link", "sort_order"]


register_snippet(FeaturedSelfServiceViewSet)
