"""A local stand-in for Serviceplatformen's CPR lookup (SF1520 PersonBaseDataExtended v4, PersonLookup), for tests
and development. Never for production.

It is strict where the real service is:
- mutual TLS: with ``tls`` it requires a client certificate signed by the test CA (the OCES3 certificate);
- ``POST /service/CPR/PersonBaseDataExtended/4`` only, SOAP 1.1: ``Content-Type: text/xml`` (415 otherwise) and
  the WSDL's ``SOAPAction`` (a Client fault otherwise);
- every body must be a SOAP envelope whose one body element validates against the request schema restated in
  ``sf1520_xsd/`` (InvocationContext + PNR), and the InvocationContext must name the service agreement, user
  system, user and service it was set up with (a fault otherwise, as a missing service agreement gives);
- it answers like the real one: a ``PersonLookupResponse`` (``adresse/aktuelAdresse/kommunekode``; address
  protection in ``persondata/adressebeskyttelse``; ``udrejseoplysninger`` and status 80 for someone living
  abroad) or, for an unknown person, an HTTP 500 SOAP Fault whose ServiceplatformFault says "PNR not found";
- on demand it is down (503 from the load balancer), internally broken (a fault), slow (answers after the
  client's time-out) or hangs up.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from cms.sso import sf1520_messages as sf
from tests.fakes.pki import Pki
from tests.fakes.server import FakeServer, QuietHandler

PATH = "/service/CPR/PersonBaseDataExtended/4"
OK, DOWN, BROKEN, SLOW, DROP = "ok", "down", "broken", "slow", "drop"
XSD = Path(__file__).resolve().parent / "sf1520_xsd" / "PersonLookupRequest.xsd"
_schema_lock = threading.Lock()
_schema: etree.XMLSchema | None = None


def request_schema() -> etree.XMLSchema:
    global _schema
    with _schema_lock:
        if _schema is None:
            _schema = etree.XMLSchema(etree.parse(str(XSD)))
        return _schema


@dataclass(frozen=True)
class Person:
    """A person in the fake register. ``municipality`` is CPR's kommunekode (an integer, as the service sends it)."""

    municipality: int | str | None = 751
    status: int = 1
    protected: bool = False
    abroad: bool = False


@dataclass(frozen=True)
class Received:
    n: int
    status: int
    behaviour: str
    pnr: str
    fault: str = ""


@dataclass
class State:
    context: sf.InvocationContext
    people: dict[str, Person] = field(default_factory=dict)
    behaviour: Callable[[int], str] = lambda n: OK
    slow_seconds: float = 3.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def statuses(self) -> Counter:
        with self.lock:
            return Counter(r.status for r in self.received)


def _q(namespace, name):
    return f"{{{namespace}}}{name}"


def _envelope(content) -> bytes:
    envelope = etree.Element(_q(sf.SOAP_ENV, "Envelope"), nsmap={"soap": sf.SOAP_ENV})
    etree.SubElement(envelope, _q(sf.SOAP_ENV, "Body")).append(content)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def fault(fault_code: str, error_code: str, text: str) -> bytes:
    element = etree.Element(_q(sf.SOAP_ENV, "Fault"))
    etree.SubElement(element, "faultcode").text = f"soap:{fault_code}"
    etree.SubElement(element, "faultstring").text = text
    detail = etree.SubElement(etree.SubElement(element, "detail"), _q(sf.FAULT_NS, "ServiceplatformFault"),
                              nsmap={"spf": sf.FAULT_NS})
    error = etree.SubElement(etree.SubElement(detail, _q(sf.FAULT_NS, "ErrorList")), _q(sf.FAULT_NS, "Error"))
    etree.SubElement(error, _q(sf.FAULT_NS, "ErrorCode")).text = error_code
    etree.SubElement(error, _q(sf.FAULT_NS, "ErrorText")).text = text
    return _envelope(element)


def lookup_response(person: Person) -> bytes:
    def sub(parent, name, text=None):
        element = etree.SubElement(parent, _q(sf.SERVICE_NS, name))
        if text is not None:
            element.text = str(text)
        return element

    response = etree.Element(_q(sf.SERVICE_NS, "PersonLookupResponse"), nsmap={"ns": sf.SERVICE_NS})
    data = sub(response, "persondata")
    navn = sub(data, "navn")
    sub(navn, "personadresseringsnavn", "Testperson")
    sub(data, "antalBoernUnder18", 0)
    sub(data, "status", 80 if person.abroad else person.status)
    if person.protected:
        sub(sub(data, "adressebeskyttelse"), "beskyttet", "true")
    address = sub(response, "adresse")
    if person.abroad:
        sub(sub(address, "udrejseoplysninger"), "udrejselandekode", 5110)
    elif person.municipality is not None:
        current = sub(address, "aktuelAdresse")
        sub(current, "kommunekode", person.municipality)
        sub(current, "vejkode", 1234)
        sub(current, "husnummer", "1")
        sub(current, "postnummer", "8000")
    return _envelope(response)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class _Handler(QuietHandler):
    server_version = "FakeServiceplatformen/1"

    def do_POST(self):
        state: State = self.server.fake.state
        body, complete = self.read_body()
        if not complete:
            self.close_connection = True
            return
        with state.lock:
            n = len(state.received) + 1
            behaviour = state.behaviour(n)
        if behaviour == DROP:
            self._log(Received(n, 0, behaviour, ""))
            self.close_connection = True
            return
        if behaviour == DOWN:
            self._log(Received(n, 503, behaviour, ""))
            self.send_body(503, b"<html><body>Service Unavailable</body></html>", "text/html")
            return
        status, answer, pnr, fault_code = self._answer(state, body, behaviour)
        self._log(Received(n, status, behaviour, pnr, fault_code))
        if behaviour == SLOW:
            time.sleep(state.slow_seconds)
        self.send_body(status, answer, "text/xml; charset=utf-8")

    def do_GET(self):
        self.send_body(405, b"", "text/plain", {"Allow": "POST"})

    def _answer(self, state: State, body: bytes, behaviour: str) -> tuple[int, bytes, str, str]:
        if self.path != PATH:
            return 404, fault("Client", "UNKNOWN_SERVICE", "Ukendt service"), "", "UNKNOWN_SERVICE"
        if self.headers.get("Content-Type", "").split(";")[0].strip().lower() != "text/xml":
            return 415, b"", "", "content-type"
        if self.headers.get("SOAPAction", "").strip('"') != sf.SOAP_ACTION:
            return 500, fault("Client", "INVALID_SOAPACTION", "SOAPAction passer ikke til operationen"), "", \
                "INVALID_SOAPACTION"
        try:
            root = etree.fromstring(body, parser=_PARSER)
            if root.getroottree().docinfo.doctype:
                raise ValueError("DOCTYPE")
            content = root.find(_q(sf.SOAP_ENV, "Body"))[0]
            request_schema().assertValid(etree.ElementTree(content))
        except (etree.XMLSyntaxError, etree.DocumentInvalid, ValueError, TypeError, IndexError) as exc:
            message = f"Ugyldig forespørgsel: {exc}"[:300]
            return 500, fault("Client", "INVALID_REQUEST", message), "", "INVALID_REQUEST"
        invocation = content.find(_q(sf.INVOCATION_NS, "InvocationContext"))
        sent = sf.InvocationContext(*(
            invocation.findtext(_q(sf.INVOCATION_NS, name)) for name in
            ("ServiceAgreementUUID", "UserSystemUUID", "UserUUID", "ServiceUUID")
        ))
        if sent != state.context:
            return 500, fault("Client", "NO_SERVICE_AGREEMENT", "Ingen gyldig serviceaftale for kaldet"), "", \
                "NO_SERVICE_AGREEMENT"
        pnr = content.findtext(_q(sf.PNR_NS, "PNR"))
        if behaviour == BROKEN:
            return 500, fault("Server", "INTERNAL_ERROR", "Intern fejl i CPR-opslaget"), pnr, "INTERNAL_ERROR"
        person = state.people.get(pnr)
        if person is None:
            return 500, fault("Server", "PNR_NOT_FOUND", "PNR not found"), pnr, "PNR_NOT_FOUND"
        return 200, lookup_response(person), pnr, ""

    def _log(self, received: Received) -> None:
        with self.server.fake.state.lock:
            self.server.fake.state.received.append(received)


class FakeCprService(FakeServer):
    """``with FakeCprService(context, tls=pki) as fake: fake.state.people[cpr] = Person(751)``; ``fake.url``."""

    handler = _Handler
    path = PATH

    def __init__(self, context: sf.InvocationContext, tls: Pki | None = None, host: str = "127.0.0.1",
                 port: int = 0):
        super().__init__(tls=tls, host=host, port=port)
        self.state = State(context=context)
