"""The export's route as the lead wires it in cms/urls.py, for tests that go through the URL resolver."""

from django.urls import path

from syndication.cpsv.views import services_jsonld

urlpatterns = [path("cpsv-ap/services.jsonld", services_jsonld, name="cpsv_ap_services")]
