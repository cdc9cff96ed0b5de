import os

import pytest
from django.core.cache import cache
from django.db import connection


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    """Tests marked `postgresql` need row locks; `make test` deselects them on SQLite.

    Run directly on a laptop they skip; in CI a selected one on another database fails loudly.
    """
    if request.node.get_closest_marker("postgresql") and connection.vendor != "postgresql":
        message = "needs PostgreSQL: set DATABASE_URL=postgres://... (or deselect with -m 'not postgresql')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Responses and rate counters are cached by content version, which restarts with every test database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
