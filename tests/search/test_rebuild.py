"""The OpenSearch index holds nothing of its own: wiped and rebuilt from the database, it answers as before."""

import pytest
from django.conf import settings

from search.engines.opensearch.index import rebuild
from tests.cms.test_backups import answers, demo_content  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def test_a_wiped_index_rebuilt_from_the_database_answers_the_judged_queries_as_before(demo_content, opensearch):
    rebuild()
    before = answers("opensearch")
    assert sum(1 for hits in before if hits) >= 35
    opensearch.indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}-*")
    rebuild()
    assert answers("opensearch") == before
