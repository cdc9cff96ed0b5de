import os

import pytest
from django.core.cache import cache
from django.db import connection
from tests.unavailable import unavailable

# Fixtures through which a test uses the test database (pytest-django's, and the live server's).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


def uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the migrated data (serialized rollback).

    A transactional test without it empties the database and lets post_migrate re-create the editor groups with
    new ids; the next serialized restore then collides with them on PostgreSQL (SQLite reuses the ids).

    With TESTS_USING_THE_DATABASE_ONLY=true only the tests that use the test database run: CI runs the whole suite
    on SQLite and, beside it, these again on PostgreSQL (.ci/run); the others would only repeat themselves.
    """
    if os.environ.get("TESTS_USING_THE_DATABASE_ONLY") == "true":
        using, others = [], []
        for item in items:
            (using if uses_the_database(item) else others).append(item)
        if others:
            config.hook.pytest_deselected(items=others)
            items[:] = using
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker and marker.kwargs.get("transaction")) or "transactional_db" in item.fixturenames
        serialized = (marker and marker.kwargs.get("serialized_rollback")) or (
            "django_db_serialized_rollback" in item.fixturenames
        )
        if transactional and not serialized:
            raise pytest.UsageError(f"{item.nodeid}: transactional tests need serialized_rollback=True")


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    """Tests marked `postgresql` need row locks; `make test` deselects them on SQLite.

    Run directly on a laptop they skip; in CI a selected one on another database fails loudly.
    """
    if request.node.get_closest_marker("postgresql") and connection.vendor != "postgresql":
        message = "needs PostgreSQL: set DATABASE_URL=postgres://... (or deselect with -m 'not postgresql')"
        unavailable(message)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Responses and rate counters are cached by content version, which restarts with every test database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _one_request_at_a_time_server():
    """A live server class that handles one request at a time (imported on first use: Django must be set up)."""
    from django.core.servers.basehttp import WSGIServer

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # LiveServerThread.run() already put the shared connection in this (the only) thread.
            super().__init__(*args, **kwargs)

    return OneRequestAtATime


@pytest.fixture(autouse=True, scope="session")
def _live_server_on_sqlite_serves_one_request_at_a_time():
    """On SQLite the test database lives in memory, and the live server's request threads all share its one
    connection: a browser fetching two resources at once would run two transactions on it ("cannot start a
    transaction within a transaction"). The non-threaded server answers them in turn (and closes each connection,
    so keep-alive cannot hold it). PostgreSQL gives every thread its own connection and keeps the threaded server."""
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = _one_request_at_a_time_server()
    yield
    LiveServerThread.server_class = threaded
