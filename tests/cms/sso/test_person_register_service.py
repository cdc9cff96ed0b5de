"""The production person register against the fake SF1520 service over mutual TLS: the municipality when the
register has one, and a clear "not found" or "unavailable" (never an exception) for everything else."""

import logging
import time

import pytest

from cms.sso import sf1520_client
from cms.sso.person_register import ABROAD, FOUND, NOT_FOUND, UNAVAILABLE, CprServicePersonRegister, Residence
from tests.fakes.cpr_service import BROKEN, DOWN, DROP, OK, SLOW, Person

from .conftest import CPR_TIMEOUT

pytestmark = pytest.mark.django_db
CPR = "0202802345"


def lookup(cpr=CPR) -> Residence:
    return CprServicePersonRegister().residence(cpr)


def test_the_municipality_comes_from_a_schema_valid_request_over_mutual_tls(cpr_service):
    cpr_service.state.people[CPR] = Person(municipality=751)
    assert lookup() == Residence("751", FOUND)
    (received,) = cpr_service.state.received
    assert (received.status, received.pnr, received.fault) == (200, CPR, "")
    assert cpr_service.handshake_failures == 0


def test_a_four_digit_code_is_the_same_municipality(cpr_service):
    cpr_service.state.people[CPR] = Person(municipality="0101")
    assert lookup() == Residence("101", FOUND)


@pytest.mark.parametrize(
    "person, expected",
    [
        (None, NOT_FOUND),  # not in the register: "PNR not found" fault
        (Person(municipality=751, protected=True), NOT_FOUND),  # address protection: the address is not used
        (Person(abroad=True), ABROAD),
        (Person(municipality=None, status=90), NOT_FOUND),  # dead: no current address
        (Person(municipality=961), NOT_FOUND),  # a Greenlandic code: not one of the portal's municipalities
        (Person(municipality=9999), NOT_FOUND),
    ],
    ids=["unknown-person", "protected-address", "abroad", "no-address", "greenland", "nonsense-code"],
)
def test_no_usable_municipality_is_an_answer_not_an_error(cpr_service, person, expected, caplog):
    caplog.set_level(logging.INFO)
    if person:
        cpr_service.state.people[CPR] = person
    assert lookup() == Residence(None, expected)
    assert len(cpr_service.state.received) == 1  # a definite answer is not retried
    assert CPR not in caplog.text


@pytest.mark.parametrize("failure", [DOWN, DROP, SLOW])
def test_a_transient_failure_is_retried_once_then_the_lookup_is_unavailable(cpr_service, failure, caplog):
    cpr_service.state.people[CPR] = Person(municipality=751)
    cpr_service.state.behaviour = lambda n: failure
    started = time.monotonic()
    assert lookup() == Residence(None, UNAVAILABLE)
    assert len(cpr_service.state.received) == 2
    assert time.monotonic() - started < 2 * (CPR_TIMEOUT + 1)  # bounded: a login waits for this
    assert "person register unavailable" in caplog.text and CPR not in caplog.text


def test_a_retry_that_succeeds_gives_the_municipality(cpr_service):
    cpr_service.state.people[CPR] = Person(municipality=461)
    cpr_service.state.behaviour = lambda n: DOWN if n == 1 else OK
    assert lookup() == Residence("461", FOUND)


def test_a_service_fault_is_not_retried(cpr_service):
    cpr_service.state.people[CPR] = Person(municipality=751)
    cpr_service.state.behaviour = lambda n: BROKEN
    assert lookup() == Residence(None, UNAVAILABLE)
    assert [r.fault for r in cpr_service.state.received] == ["INTERNAL_ERROR"]


def test_a_call_outside_the_service_agreement_is_refused_by_the_service(cpr_service, settings):
    settings.CPR_SERVICE_USER_UUID = "00000000-0000-0000-0000-000000000000"
    cpr_service.state.people[CPR] = Person(municipality=751)
    assert lookup() == Residence(None, UNAVAILABLE)
    assert [r.fault for r in cpr_service.state.received] == ["NO_SERVICE_AGREEMENT"]


def test_without_the_client_certificate_the_service_refuses_the_connection(cpr_service, settings):
    settings.CPR_SERVICE_CLIENT_CERT = settings.CPR_SERVICE_CLIENT_KEY = ""
    assert lookup() == Residence(None, UNAVAILABLE)
    assert cpr_service.state.received == [] and cpr_service.handshake_failures >= 1


def test_without_configuration_the_register_says_unavailable_and_logs_what_to_set(settings, caplog):
    settings.CPR_SERVICE_URL = ""
    assert lookup() == Residence(None, UNAVAILABLE)
    assert "CPR_SERVICE_URL" in caplog.text


def test_the_circuit_breaker_stops_calling_a_failing_service_and_tries_again_later(cpr_service, settings):
    cpr_service.state.people[CPR] = Person(municipality=751)
    cpr_service.state.behaviour = lambda n: DOWN
    for _ in range(3):  # CPR_SERVICE_BREAKER_THRESHOLD failed lookups (two requests each)
        assert lookup().lookup == UNAVAILABLE
    calls = len(cpr_service.state.received)
    assert calls == 6 and sf1520_client.breaker.is_open

    started = time.monotonic()
    assert lookup().lookup == UNAVAILABLE
    assert len(cpr_service.state.received) == calls and time.monotonic() - started < 0.1  # not even tried

    settings.CPR_SERVICE_BREAKER_SECONDS = 0  # the cool-down is over; the service is back
    cpr_service.state.behaviour = lambda n: OK
    assert lookup() == Residence("751", FOUND)
    assert not sf1520_client.breaker.is_open
