"""Reading SF1520 answers: anything that is not an answer of the interface is refused before it is trusted."""

import pytest

from cms.sso import sf1520_messages as sf
from tests.fakes.cpr_service import Person, lookup_response


@pytest.mark.parametrize(
    "answer",
    [
        b"<html>Service Unavailable</html>",
        b"not xml",
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><other/></e:Body></e:Envelope>',
        b" " * (sf.MAX_ANSWER_BYTES + 1),
    ],
    ids=["html", "not-xml", "doctype", "other-element", "too-large"],
)
def test_what_is_no_answer_is_malformed(answer):
    with pytest.raises(sf.MalformedAnswer):
        sf.read_answer(answer)


def test_the_municipality_is_read_and_nothing_else():
    assert sf.read_answer(lookup_response(Person(municipality=101))) == sf.LookupAnswer(sf.FOUND, "101")
    assert sf.read_answer(lookup_response(Person(municipality="abc"))) == sf.LookupAnswer(sf.FOUND, "abc")
    assert sf.read_answer(lookup_response(Person(municipality=751, protected=True))).outcome == sf.PROTECTED


def test_the_request_carries_the_invocation_context_and_the_number():
    context = sf.InvocationContext("a" * 8 + "-0000-0000-0000-" + "0" * 12, "u", "v", "s")
    body = sf.lookup_request("0101701234", context, call_id="c-1").decode()
    assert "<pnr:PNR>0101701234</pnr:PNR>" in body and "<inv:CallersServiceCallIdentifier>c-1<" in body
    assert body.startswith("<?xml") and sf.SERVICE_NS in body
