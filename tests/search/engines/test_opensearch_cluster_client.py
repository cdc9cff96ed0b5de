"""A cluster's nodes in OPENSEARCH_URL (comma-separated): a node that cannot be reached is skipped, not fatal."""

import pytest
from django.test import override_settings

from search.engines.opensearch.client import alias_name, get_client, ping
from search.engines.opensearch.mapping import index_body

pytestmark = pytest.mark.django_db

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


def test_a_dead_node_first_in_the_list_is_skipped(opensearch):
    from django.conf import settings

    with override_settings(OPENSEARCH_URL=f"{UNREACHABLE},{settings.OPENSEARCH_URL}"):
        for _ in range(3):  # also after the dead node has been marked dead and is tried again
            assert ping() == (True, "opensearch")
        assert get_client().indices.exists_alias(name=alias_name())


def test_only_dead_nodes_is_an_unavailable_engine_not_an_error():
    with override_settings(OPENSEARCH_URL=f"{UNREACHABLE},http://127.0.0.1:10"):
        ok, detail = ping()
    assert not ok and "cannot reach" in detail


@pytest.mark.parametrize("replicas", [0, 1])
def test_indexes_get_the_configured_replicas(replicas):
    with override_settings(SEARCH_OPENSEARCH_REPLICAS=replicas):
        assert index_body()["settings"]["number_of_replicas"] == replicas
