"""SF1520 "CPR replika opslag" (Serviceplatformen's PersonBaseDataExtended, version 4): the PersonLookup SOAP
1.1 request and what its answer says about where a person lives.

Shape (from the service's published WSDL/XSD, "context" variant): a document/literal ``PersonLookupRequest``
with an ``InvocationContext`` (service agreement, user system, user and service UUIDs) and the ``PNR``; the
answer is a ``PersonLookupResponse`` whose ``adresse/aktuelAdresse/kommunekode`` is the municipality code, or a
SOAP Fault carrying a ``ServiceplatformFault`` (an unknown person: "PNR not found"). Only the municipality is
read from the answer; nothing else in it (names, addresses, relations) is kept anywhere.
"""

from dataclasses import dataclass

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/"
INVOCATION_NS = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
PNR_NS = "http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/"
FAULT_NS = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/"
SOAP_ACTION = f"{SERVICE_NS}PersonLookup"
CONTENT_TYPE = "text/xml; charset=utf-8"  # SOAP 1.1
MAX_ANSWER_BYTES = 512 * 1024
# CPR status codes (persondata/status) of people registered without a Danish address.
ABROAD_STATUSES = {"80"}  # udrejst
INACTIVE_STATUSES = {"20", "30", "50", "60", "70", "90"}  # no address in the register (tax only, annulled, dead, ...)
NOT_FOUND_TEXTS = ("PNR not found", "PNR ikke fundet")

# What a lookup found. Only FOUND carries a municipality code.
FOUND, ABROAD, PROTECTED, NO_ADDRESS, UNKNOWN_PERSON = "found", "abroad", "protected", "no_address", "unknown_person"


@dataclass(frozen=True)
class InvocationContext:
    service_agreement: str
    user_system: str
    user: str
    service: str


@dataclass(frozen=True)
class LookupAnswer:
    outcome: str  # FOUND, ABROAD, PROTECTED, NO_ADDRESS or UNKNOWN_PERSON
    municipality_code: str | None = None  # "751" when FOUND; not yet checked against the portal's municipalities


class MalformedAnswer(ValueError):
    """Not an answer of the interface (no envelope, no PersonLookupResponse, bad code): a service problem."""


class ServiceFault(Exception):
    """A SOAP Fault other than an unknown person (no access, invalid request, internal error). ``code`` is the
    ServiceplatformFault's first ErrorCode (or the faultcode): safe to log, it never carries the number."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def lookup_request(cpr: str, context: InvocationContext, call_id: str) -> bytes:
    """The SOAP envelope asking for one person (``cpr``: ten digits, already checked by the login)."""
    envelope = etree.Element(_q(SOAP_ENV, "Envelope"), nsmap={"soapenv": SOAP_ENV})
    body = etree.SubElement(envelope, _q(SOAP_ENV, "Body"))
    request = etree.SubElement(
        body, _q(SERVICE_NS, "PersonLookupRequest"), nsmap={"ns": SERVICE_NS, "inv": INVOCATION_NS, "pnr": PNR_NS}
    )
    invocation = etree.SubElement(request, _q(INVOCATION_NS, "InvocationContext"))
    for name, value in (
        ("ServiceAgreementUUID", context.service_agreement),
        ("UserSystemUUID", context.user_system),
        ("UserUUID", context.user),
        ("ServiceUUID", context.service),
        ("CallersServiceCallIdentifier", call_id),
    ):
        etree.SubElement(invocation, _q(INVOCATION_NS, name)).text = value
    etree.SubElement(request, _q(PNR_NS, "PNR")).text = cpr
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _document(answer: bytes):
    if len(answer) > MAX_ANSWER_BYTES:
        raise MalformedAnswer("answer too large")
    try:
        root = etree.fromstring(answer, parser=_PARSER)
    except etree.XMLSyntaxError:
        raise MalformedAnswer("not XML") from None
    if root.getroottree().docinfo.doctype:
        raise MalformedAnswer("DOCTYPE in answer")
    if root.tag != _q(SOAP_ENV, "Envelope"):
        raise MalformedAnswer("no SOAP envelope")
    body = root.find(_q(SOAP_ENV, "Body"))
    if body is None or len(body) != 1:
        raise MalformedAnswer("no SOAP body")
    return body[0]


def _text(element, *path: tuple[str, str]) -> str:
    for namespace, name in path:
        if element is None:
            return ""
        element = element.find(_q(namespace, name))
    return (element.text or "").strip() if element is not None else ""


def _fault(fault) -> LookupAnswer:
    error_texts = [(e.text or "") for e in fault.iter(_q(FAULT_NS, "ErrorText"))]
    fault_string = fault.findtext("faultstring") or ""
    if any(marker in text for text in [fault_string, *error_texts] for marker in NOT_FOUND_TEXTS):
        return LookupAnswer(UNKNOWN_PERSON)
    codes = [(e.text or "").strip() for e in fault.iter(_q(FAULT_NS, "ErrorCode"))]
    code = next((c for c in codes if c), "") or (fault.findtext("faultcode") or "").strip() or "fault"
    raise ServiceFault(code[:64])


def municipality_code(raw: str) -> str:
    """CPR's kommunekode (an integer: "751", "0751") as the portal's three-digit code. Anything else is passed on
    as it is (cut short): the caller finds no such municipality and treats it as unknown, not as a crash."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 4:
        return f"{int(raw):03d}"
    return raw[:8]


def read_answer(answer: bytes) -> LookupAnswer:
    """Where the answer says the person lives. Raises ServiceFault for a fault other than "not found" and
    MalformedAnswer for anything that is no answer of the interface."""
    content = _document(answer)
    if content.tag == _q(SOAP_ENV, "Fault"):
        return _fault(content)
    if content.tag != _q(SERVICE_NS, "PersonLookupResponse"):
        raise MalformedAnswer("unexpected body element")
    person = content.find(_q(SERVICE_NS, "persondata"))
    if _text(person, (SERVICE_NS, "adressebeskyttelse"), (SERVICE_NS, "beskyttet")).lower() in ("true", "1"):
        # Name and address protection: the portal does not use the address at all, not even the municipality.
        return LookupAnswer(PROTECTED)
    status = _text(person, (SERVICE_NS, "status"))
    address = content.find(_q(SERVICE_NS, "adresse"))
    code = _text(address, (SERVICE_NS, "aktuelAdresse"), (SERVICE_NS, "kommunekode"))
    if status in ABROAD_STATUSES or (not code and address is not None
                                     and address.find(_q(SERVICE_NS, "udrejseoplysninger")) is not None):
        return LookupAnswer(ABROAD)
    if status in INACTIVE_STATUSES or not code:
        return LookupAnswer(NO_ADDRESS)
    return LookupAnswer(FOUND, municipality_code(code))
