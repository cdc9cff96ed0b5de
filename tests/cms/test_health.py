import pytest

from cms import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True


def test_readyz_is_503_when_a_dependency_fails(client, monkeypatch):
    monkeypatch.setitem(health.READINESS_CHECKS, "broken", (lambda: (False, "unreachable"), True))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broken"] == {"ok": False, "detail": "unreachable", "critical": True}


def test_readyz_stays_ready_but_says_degraded_when_a_non_critical_check_fails(client, monkeypatch):
    monkeypatch.setitem(health.READINESS_CHECKS, "search", (lambda: (False, "degraded: database engine"), False))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["search"]["detail"] == "degraded: database engine"


def test_readyz_says_degraded_and_names_the_consumer_when_the_worker_lags(client, settings):
    from content_models.worker.drain import drain
    from tests import factories

    settings.READYZ_WORKER_LAG_EVENTS = 0
    factories.make_guide()
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert not body["checks"]["worker"]["ok"]
    assert "search-projection" in body["checks"]["worker"]["detail"]
    drain()
    assert client.get("/readyz").json()["checks"]["worker"]["ok"] is True
