from django.urls import path

from . import business_views, citizen_views, dev_business_login, dev_citizen_login, oidc_views, saml_views

app_name = "sso"

urlpatterns = [
    path("saml/metadata/", saml_views.metadata, name="saml_metadata"),
    path("saml/login/", saml_views.login, name="saml_login"),
    path("saml/acs/", saml_views.acs, name="saml_acs"),
    path("saml/slo/", saml_views.slo, name="saml_slo"),
    path("saml/slo/soap/", saml_views.slo_soap, name="saml_slo_soap"),
    path("oidc/<slug:provider_key>/login/", oidc_views.login, name="oidc_login"),
    path("oidc/<slug:provider_key>/callback/", oidc_views.callback, name="oidc_callback"),
    path("borger/login/", citizen_views.login_choices, name="citizen_login"),
    path("borger/logout/", citizen_views.logout, name="citizen_logout"),
    path("borger/testperson/", dev_citizen_login.login, name="citizen_dev_login"),
    path("virksomhed/logout/", business_views.logout, name="business_logout"),
    path("virksomhed/testvirksomhed/", dev_business_login.login, name="business_dev_login"),
]
