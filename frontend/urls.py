"""The citizen site's own routes; content pages are Wagtail pages served by Wagtail's catch-all."""

from django.urls import path

from .routing import NAMESPACE
from .views import municipality, search, standards, topics

app_name = NAMESPACE

urlpatterns = [
    path("soeg/", search.search_page, name="search"),
    path("soeg/forslag/", search.suggestions, name="suggestions"),
    path("standarder/", standards.standard_list, name="standards"),
    path("standarder/<str:identifier>/", standards.standard_detail, name="standard"),
    path("emner/", topics.topic_list, name="topics"),
    path("emner/<slug:slug>/", topics.topic_detail, name="topic"),
    path("kommune/", municipality.choose, name="municipality"),
]
