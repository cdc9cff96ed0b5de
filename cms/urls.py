from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from cms import health, metrics
from cms.sso.editor_logout import EditorLogoutView
from cms.sso.password_login import AdminLoginView
from content_models.admin.site_history import ScopedSiteHistoryView
from syndication.cpsv.views import services_jsonld
from syndication.http.view import graphql_view
from syndication.images.views import rendition_view
from syndication.partner_docs.views import example_file_view, guide_view, schema_view

handler500 = "cms.database_outage.server_error"  # a database outage answers 503 with Retry-After

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("graphql/", graphql_view, name="graphql"),
    path("graphql/docs/", guide_view, name="partner_guide"),
    path("graphql/docs/<slug:page>/", guide_view, name="partner_guide_page"),
    path("graphql/docs/examples/<str:name>", example_file_view, name="partner_guide_example"),
    path("graphql/schema.graphql", schema_view, name="graphql_schema"),
    path("cpsv-ap/services.jsonld", services_jsonld, name="cpsv_ap_services"),
    path("billeder/<slug:key>/<str:version>/<int:width>.<str:extension>", rendition_view, name="image_rendition"),
    # Wagtail's login page with the SSO buttons and the password guard (cms/sso/password_login.py).
    path("admin/login/", AdminLoginView.as_view()),
    path("admin/logout/", EditorLogoutView.as_view()),  # with single logout at NemLog-in (cms/sso/logout.py)
    # Wagtail's site history, without other municipalities' local variants (content_models/admin/site_history.py).
    path("admin/reports/site-history/", require_admin_access(ScopedSiteHistoryView.as_view())),
    path("admin/reports/site-history/results/",
         require_admin_access(ScopedSiteHistoryView.as_view(results_only=True))),
    path("admin/", include(wagtailadmin_urls)),
    path("sso/", include("cms.sso.urls")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The citizen site's own routes (search, standards, topics, municipality) before Wagtail's page catch-all.
# Pages are Danish at /... and in English under /en/... (the site's own routes translated: /en/search/): the URL,
# not the browser's Accept-Language, picks the language (otherwise an English browser gets 404 on every Danish page).
urlpatterns += i18n_patterns(
    path("", include("frontend.urls")), path("", include(wagtail_urls)), prefix_default_language=False
)
