"""Admin menu "Søgning": synonyms, pinned results and the weekly statistics."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Promotion, Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = "Synonymer"
    list_display = ["terms", "active", "updated_at"]
    search_fields = ["terms"]


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "pick"
    menu_label = "Fremhævede resultater"
    list_display = ["query", "kind", "slug", "sort_order", "active"]
    search_fields = ["query", "slug"]


class SearchGroup(SnippetViewSetGroup):
    menu_label = "Søgning"
    menu_icon = "search"
    menu_order = 230
    items = (SynonymViewSet, PromotionViewSet)


register_snippet(SearchGroup)


@hooks.register("register_admin_urls")
def register_statistics_url():
    from .admin_views import statistics_view

    return [path("search-statistics/", statistics_view, name="search_statistics")]


class _StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_querystat")


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return _StatisticsMenuItem("Søgestatistik", reverse("search_statistics"), icon_name="search", order=900)
