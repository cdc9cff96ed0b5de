"""With OPENSEARCH_URL set, Wagtail's own admin search runs on the OpenSearch cluster too."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from cms.settings.base import wagtail_search_backends
from tests.factories import make_guide, national_editor

pytestmark = pytest.mark.django_db


def test_the_database_backend_is_the_embedded_default():
    assert wagtail_search_backends("", "portal")["default"]["BACKEND"] == "modelsearch.backends.database"


def test_admin_page_search_uses_opensearch(opensearch, settings, client):
    backends = wagtail_search_backends(settings.OPENSEARCH_URL, settings.SEARCH_INDEX_PREFIX)
    assert backends["default"]["BACKEND"] == "search.admin_index.backend"  # modelsearch's opensearch3, guarded
    make_guide(slug="flytning", title="Flytning til udlandet")
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", stdout=open("/dev/null", "w"))
        client.force_login(national_editor())
        html = client.get("/admin/pages/search/", {"q": "udlandet"}).content.decode()
        assert "Flytning til udlandet" in html
        indexes = opensearch.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}-wagtail-*")
        assert indexes, "the admin search index lives on the OpenSearch node"


def test_saves_go_on_while_the_cluster_is_down_and_the_worker_catches_up(opensearch, settings, caplog):
    """A dead cluster costs a save nothing but one warning; the worker indexes what was saved once it is back."""
    from content_models import publishing
    from search.admin_index import backend as admin_backend
    from search.models import AdminIndexBacklog

    live = wagtail_search_backends(settings.OPENSEARCH_URL, settings.SEARCH_INDEX_PREFIX)
    dead = wagtail_search_backends("http://127.0.0.1:9", settings.SEARCH_INDEX_PREFIX)  # nothing listens there
    admin_backend.breaker.reset()
    with override_settings(WAGTAILSEARCH_BACKENDS=live):
        call_command("update_index", stdout=open("/dev/null", "w"))
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=dead), caplog.at_level("WARNING"):
            guides = [make_guide(slug=f"under-udfald-{n}", title=f"Skrevet under udfaldet {n}") for n in range(3)]
            guides[0].title = "Rettet under udfaldet"
            publishing.publish(guides[0])
        warnings = [r for r in caplog.records if r.levelname == "WARNING" and "admin search" in r.getMessage()]
        assert len(warnings) == 1 and not any(r.exc_info for r in caplog.records)
        assert AdminIndexBacklog.objects.count() >= 3
        with override_settings(WAGTAILSEARCH_BACKENDS=live):
            admin_backend.breaker.reset()  # the cool-down is over: the worker's next pass tries the cluster
            assert "indexed after an outage" in admin_backend.drain_backlog()
            assert not AdminIndexBacklog.objects.exists()
            from modelsearch.backends import get_search_backend
            from content_models.models import GuidePage

            backend = get_search_backend()
            backend.refresh_indexes()
            found = {page.slug for page in backend.search("udfaldet", GuidePage)}
        assert found == {f"under-udfald-{n}" for n in range(3)}
    finally:
        admin_backend.breaker.reset()
