from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health, metrics
from cms.sso.editor_logout import EditorLogoutView
from cms.sso.password_login import AdminLoginView
from syndication.cpsv.views import services_jsonld
from syndication.http.view import graphql_view

handler500 = "cms.database_outage.server_error"  # a database outage answers 503 with Retry-After

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("graphql/", graphql_view, name="graphql"),
    path("cpsv-ap/services.jsonld", services_jsonld, name="cpsv_ap_services"),
    # Wagtail's login page with the SSO buttons and the password guard (cms/sso/password_login.py).
    path("admin/login/", AdminLoginView.as_view()),
    path("admin/logout/", EditorLogoutView.as_view()),  # with single logout at NemLog-in (cms/sso/logout.py)
    path("admin/", include(wagtailadmin_urls)),
    path("sso/", include("cms.sso.urls")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The citizen site's own routes (search, standards, topics, municipality) before Wagtail's page catch-all.
# Pages are Danish at /... and translations under /en/...: the URL, not the browser's Accept-Language,
# picks the page tree (otherwise an English browser gets 404 on every Danish page).
urlpatterns += [path("", include("frontend.urls"))]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
