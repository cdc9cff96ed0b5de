"""Never a failed search: with the real OpenSearch node paused (slow) or stopped, the database answers.

These tests pause and stop the shared node of search/opensearch_node and bring it back before they end; they hold
the node alone meanwhile (node_lock.py), so a test run beside this one never finds it gone.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.test import override_settings

from content_models.worker.drain import drain
from search import service
from search.types import SearchRequest
from tests.factories import make_guide

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NODE_DIR = Path(__file__).resolve().parents[2] / "search" / "opensearch_node"
NODE_HOME = Path(os.environ.get("OPENSEARCH_NODE_HOME", "/tmp/portal-opensearch"))
TIMEOUT = 1.0


@pytest.fixture
def indexed(opensearch):
    make_guide(slug="flytning", title="Flytning", summary="Anmeld flytning.", sections=[("om", "Om", "<p>Flytning.</p>")])
    drain()  # both consumers: the database projection and the OpenSearch index
    opensearch.indices.refresh(index="_all")
    service.breaker.reset()
    yield
    service.breaker.reset()


def node_pid() -> int:
    pid_file = NODE_HOME / "opensearch.pid"
    if not pid_file.exists():
        pytest.fail(f"no pid file {pid_file}: start the node with search/opensearch_node/start.sh")
    return int(pid_file.read_text().strip())


def timed_search(query="flytning"):
    started = time.monotonic()
    response = service.search(SearchRequest(query=query), record=False)
    return response, time.monotonic() - started


def test_search_uses_opensearch_when_it_answers(indexed):
    response, _ = timed_search()
    assert response.engine == "opensearch" and not response.degraded
    assert [h.slug for h in response.hits] == ["flytning"]


@pytest.mark.opensearch_node_faults
def test_a_hanging_node_costs_one_bounded_timeout_then_the_database_answers(indexed, client):
    pid = node_pid()
    with override_settings(SEARCH_OPENSEARCH_TIMEOUT=TIMEOUT):
        os.kill(pid, signal.SIGSTOP)  # the node hangs: connections open, no answers
        try:
            response, seconds = timed_search()
            assert response.engine == "database" and response.degraded
            assert [h.slug for h in response.hits] == ["flytning"]
            assert seconds < TIMEOUT + 2.0
            response, seconds = timed_search()  # the breaker is open: no second time-out
            assert response.engine == "database" and seconds < 0.5
            ready = client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["status"] == "degraded"
            assert "degraded" in ready.json()["checks"]["search"]["detail"]
        finally:
            os.kill(pid, signal.SIGCONT)
    service.breaker.reset()
    response, _ = timed_search()
    assert response.engine == "opensearch"
    assert client.get("/readyz").json()["checks"]["search"] == {"ok": True, "detail": "opensearch", "critical": False}


@pytest.mark.opensearch_node_faults
def test_a_stopped_node_falls_back_at_once_and_recovers_after_a_restart(indexed, client):
    subprocess.run(["bash", str(NODE_DIR / "stop.sh")], check=True, capture_output=True, timeout=120)
    try:
        response, seconds = timed_search()
        assert response.engine == "database" and response.degraded and seconds < TIMEOUT + 2.0
        assert [h.slug for h in response.hits] == ["flytning"]
        assert client.get("/readyz").json()["status"] == "degraded"
    finally:
        subprocess.run(["bash", str(NODE_DIR / "start.sh")], check=True, capture_output=True, timeout=300)
    service.breaker.reset()
    response, _ = timed_search()
    assert response.engine == "opensearch" and [h.slug for h in response.hits] == ["flytning"]
