"""The fake SF1520 service is strict where the real one is: transport, SOAP action, schema, service agreement."""

import pytest
import requests

from cms.sso import sf1520_messages as sf
from tests.fakes.cpr_service import Person

pytestmark = pytest.mark.django_db
CONTEXT = sf.InvocationContext(
    "42571b5d-6371-4edb-8729-1343a3f4c9b9", "99478e20-68e6-41ff-b822-681fb69b8ff2",
    "e3108916-8ed9-4482-8045-7b46c83904b0", "e6be2436-bf35-4df2-83fe-925142825dc2",
)
GOOD = sf.lookup_request("0202802345", CONTEXT, call_id="test")
HEADERS = {"Content-Type": sf.CONTENT_TYPE, "SOAPAction": f'"{sf.SOAP_ACTION}"'}


def _post(fake, pki, body=GOOD, headers=HEADERS, url=None):
    return requests.post(url or fake.url, data=body, headers=headers, timeout=5,
                         cert=(pki.client_cert, pki.client_key), verify=pki.ca_cert)


def test_a_valid_request_gets_the_persons_municipality(cpr_service, cpr_pki):
    cpr_service.state.people["0202802345"] = Person(municipality=751)
    response = _post(cpr_service, cpr_pki)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/xml")
    assert sf.read_answer(response.content) == sf.LookupAnswer(sf.FOUND, "751")


@pytest.mark.parametrize(
    "body, headers, status, fault",
    [
        (GOOD, {**HEADERS, "Content-Type": "application/soap+xml"}, 415, "content-type"),
        (GOOD, {**HEADERS, "SOAPAction": '"urn:other"'}, 500, "INVALID_SOAPACTION"),
        (GOOD.replace(b"0202802345", b"02028023450"), HEADERS, 500, "INVALID_REQUEST"),  # PNR over 10 characters
        (GOOD.replace(b"42571b5d", b"XXXXXXXX"), HEADERS, 500, "INVALID_REQUEST"),  # not a UUID
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>' + GOOD[38:], HEADERS, 500, "INVALID_REQUEST"),
        (GOOD.replace(b"e3108916", b"f3108916"), HEADERS, 500, "NO_SERVICE_AGREEMENT"),
    ],
    ids=["content-type", "soap-action", "pnr-length", "uuid", "doctype", "service-agreement"],
)
def test_bad_requests_are_refused_as_the_service_would(cpr_service, cpr_pki, body, headers, status, fault):
    response = _post(cpr_service, cpr_pki, body, headers)
    assert response.status_code == status
    assert [r.fault for r in cpr_service.state.received] == [fault]
    if status == 500:
        with pytest.raises(sf.ServiceFault) as refused:
            sf.read_answer(response.content)
        assert refused.value.code == fault


def test_an_unknown_person_is_a_fault_the_client_reads_as_not_found(cpr_service, cpr_pki):
    response = _post(cpr_service, cpr_pki)
    assert response.status_code == 500 and b"PNR not found" in response.content
    assert sf.read_answer(response.content) == sf.LookupAnswer(sf.UNKNOWN_PERSON)


def test_only_post_on_the_service_path(cpr_service, cpr_pki):
    assert _post(cpr_service, cpr_pki, url=cpr_service.base_url + "/service/other").status_code == 404
    assert requests.get(cpr_service.url, timeout=5, cert=(cpr_pki.client_cert, cpr_pki.client_key),
                        verify=cpr_pki.ca_cert).status_code == 405
