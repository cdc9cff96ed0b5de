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
    assert backends["default"]["BACKEND"] == "modelsearch.backends.opensearch3"
    make_guide(slug="flytning", title="Flytning til udlandet")
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", stdout=open("/dev/null", "w"))
        client.force_login(national_editor())
        html = client.get("/admin/pages/search/", {"q": "udlandet"}).content.decode()
        assert "Flytning til udlandet" in html
        indexes = opensearch.indices.get(index=f"{settings.SEARCH_INDEX_PREFIX}-wagtail-*")
        assert indexes, "the admin search index lives on the OpenSearch node"
