"""The citizen site's own routes; content pages are Wagtail pages served by Wagtail's catch-all."""

from django.urls import path

from .feedback import views as feedback
from .popular import views as popular
from .routing import NAMESPACE
from .views import about, business, discovery, municipality, search, standards, subscriptions, topics

app_name = NAMESPACE

urlpatterns = [
    path("soeg/", search.search_page, name="search"),
    path("soeg/forslag/", search.suggestions, name="suggestions"),
    path("standarder/", standards.standard_list, name="standards"),
    path("standarder/<str:identifier>/", standards.standard_detail, name="standard"),
    path("emner/", topics.topic_list, name="topics"),
    path("emner/<slug:slug>/", topics.topic_detail, name="topic"),
    path("emner/<slug:slug>/opdateringer.atom", discovery.topic_feed, name="topic_feed"),
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
    path("kommune/", municipality.choose, name="municipality"),
    path("om-portalen/", about.about, name="about"),
    path("tilbagemelding/", feedback.submit, name="feedback"),
    path("selvbetjening-klik/<int:pk>/", popular.click, name="self_service_click"),
    path("privatliv-og-cookies/", about.privacy, name="privacy"),
    # A signed-in citizen's Digital Post subscriptions (frontend/views/subscriptions.py).
    path("mine-abonnementer/", subscriptions.overview, name="subscriptions"),
    path("mine-abonnementer/foelg/", subscriptions.follow, name="follow"),
    path("mine-abonnementer/foelg/log-ind/", subscriptions.follow_login, name="follow_login"),
    path("mine-abonnementer/foelg/fortsaet/", subscriptions.follow_continue, name="follow_continue"),
    path("mine-abonnementer/afmeld/", subscriptions.unfollow, name="unfollow"),
    path("mine-abonnementer/hyppighed/", subscriptions.frequency, name="frequency"),
    path("mine-abonnementer/slet-mine-data/", subscriptions.delete_data, name="delete_data"),
    path("mine-abonnementer/data-slettet/", subscriptions.data_deleted, name="data_deleted"),
    # A company's pages for its employees (MitID Erhverv): its Digital Post subscriptions (frontend/views/business.py).
    path("virksomhed/", business.overview, name="business"),
    path("virksomhed/foelg/", business.follow, name="business_follow"),
    path("virksomhed/afmeld/", business.unfollow, name="business_unfollow"),
]
