"""The citizen site's own routes; content pages are Wagtail pages served by Wagtail's catch-all.

Both sets are language-prefixed (cms/urls.py): Danish at /..., English at /en/... with the route translated through
the catalogue (``_("soeg/")`` is "search/" in English, so /en/search/), like the content pages' own slugs.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .feedback import views as feedback
from .popular import views as popular
from .routing import NAMESPACE
from .views import about, business, discovery, municipality, search, search_clicks, standards, subscriptions, topics

app_name = NAMESPACE

urlpatterns = [
    path(_("soeg/"), search.search_page, name="search"),
    path(_("soeg/forslag/"), search.suggestions, name="suggestions"),
    path(_("standarder/"), standards.standard_list, name="standards"),
    path(_("standarder/<str:identifier>/"), standards.standard_detail, name="standard"),
    path(_("emner/"), topics.topic_list, name="topics"),
    path(_("emner/<slug:slug>/"), topics.topic_detail, name="topic"),
    path(_("emner/<slug:slug>/opdateringer.atom"), discovery.topic_feed, name="topic_feed"),
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
    path(_("kommune/"), municipality.choose, name="municipality"),
    path(_("om-portalen/"), about.about, name="about"),
    path(_("tilbagemelding/"), feedback.submit, name="feedback"),
    path("selvbetjening-klik/<int:pk>/", popular.click, name="self_service_click"),
    path("soeg/klik/", search_clicks.click, name="search_click"),
    path(_("privatliv-og-cookies/"), about.privacy, name="privacy"),
    # A signed-in citizen's Digital Post subscriptions (frontend/views/subscriptions.py).
    path(_("mine-abonnementer/"), subscriptions.overview, name="subscriptions"),
    path(_("mine-abonnementer/foelg/"), subscriptions.follow, name="follow"),
    path(_("mine-abonnementer/foelg/log-ind/"), subscriptions.follow_login, name="follow_login"),
    path(_("mine-abonnementer/foelg/fortsaet/"), subscriptions.follow_continue, name="follow_continue"),
    path(_("mine-abonnementer/afmeld/"), subscriptions.unfollow, name="unfollow"),
    path(_("mine-abonnementer/hyppighed/"), subscriptions.frequency, name="frequency"),
    path(_("mine-abonnementer/slet-mine-data/"), subscriptions.delete_data, name="delete_data"),
    path(_("mine-abonnementer/data-slettet/"), subscriptions.data_deleted, name="data_deleted"),
    # A company's pages for its employees (MitID Erhverv): its Digital Post subscriptions (frontend/views/business.py).
    path(_("virksomhed/"), business.overview, name="business"),
    path(_("virksomhed/foelg/"), business.follow, name="business_follow"),
    path(_("virksomhed/afmeld/"), business.unfollow, name="business_unfollow"),
]
