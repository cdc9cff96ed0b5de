"""The citizen site's own routes; content pages are Wagtail pages served by Wagtail's catch-all."""

from django.urls import path

from .routing import NAMESPACE
from .views import business, municipality, search, standards, subscriptions, topics

app_name = NAMESPACE

urlpatterns = [
    path("soeg/", search.search_page, name="search"),
    path("soeg/forslag/", search.suggestions, name="suggestions"),
    path("standarder/", standards.standard_list, name="standards"),
    path("standarder/<str:identifier>/", standards.standard_detail, name="standard"),
    path("emner/", topics.topic_list, name="topics"),
    path("emner/<slug:slug>/", topics.topic_detail, name="topic"),
    path("kommune/", municipality.choose, name="municipality"),
    # A signed-in citizen's Digital Post subscriptions (frontend/views/subscriptions.py).
    path("mine-abonnementer/", subscriptions.overview, name="subscriptions"),
    path("mine-abonnementer/foelg/", subscriptions.follow, name="follow"),
    path("mine-abonnementer/afmeld/", subscriptions.unfollow, name="unfollow"),
    path("mine-abonnementer/slet-mine-data/", subscriptions.delete_data, name="delete_data"),
    path("mine-abonnementer/data-slettet/", subscriptions.data_deleted, name="data_deleted"),
    # A company's pages for its employees (MitID Erhverv): its Digital Post subscriptions (frontend/views/business.py).
    path("virksomhed/", business.overview, name="business"),
    path("virksomhed/foelg/", business.follow, name="business_follow"),
    path("virksomhed/afmeld/", business.unfollow, name="business_unfollow"),
]
