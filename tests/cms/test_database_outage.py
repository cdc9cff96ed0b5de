"""The database unreachable (a restart, a fail-over): 503 with Retry-After, never a traceback, one warning.

The outage is simulated by the error the PostgreSQL driver raises when its server is gone; the topology bench
(bench/topology/run.py, phase pg_restart) restarts a real PostgreSQL under load.
"""

import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from cms.database_outage import OutageLogFilter
from tests import factories

pytestmark = pytest.mark.django_db

GONE = OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def test_a_citizen_page_answers_503_with_retry_after_and_no_traceback(anonymous):
    with mock.patch("frontend.views.search.service.search", side_effect=GONE):
        response = anonymous.get("/soeg/", {"q": "flytning"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "midlertidigt utilgængelig" in body and "Traceback" not in body and "OperationalError" not in body


def test_the_api_answers_503_with_a_graphql_error_body(anonymous):
    factories.make_guide()
    with mock.patch("syndication.graphql.guides.resolvers.live_guides", side_effect=GONE):
        response = anonymous.post("/graphql/", {"query": "{ guides(first: 5) { totalCount } }"},
                                  content_type="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


def test_other_errors_stay_a_500(anonymous):
    with mock.patch("frontend.views.search.service.search", side_effect=RuntimeError("bug")):
        response = anonymous.get("/soeg/", {"q": "flytning"})
    assert response.status_code == 500 and "Retry-After" not in response


def test_the_log_gets_one_warning_per_outage_without_traceback():
    log_filter = OutageLogFilter()
    records = []
    for _ in range(5):
        try:
            raise GONE
        except OperationalError:
            import sys

            record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Service Unavailable: /", None,
                                       sys.exc_info())
        if log_filter.filter(record):
            records.append(record)
    assert len(records) == 1
    assert records[0].levelname == "WARNING" and records[0].exc_info is None
    assert "unreachable" in records[0].getMessage()
