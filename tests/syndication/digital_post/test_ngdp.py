"""How each answer of the Digital Post API maps onto the outbox: delivered, retried, or dead at once."""

import json

import pytest

from syndication.digital_post import ngdp

UUID = "5b0e7c55-2f43-4d84-a1a4-6a0c1d2e9f70"


def _receipt(status, code=None, uuid=UUID):
    return json.dumps({"transmissionId": "t", "messageUUID": uuid, "receiptStatus": status, "errorCode": code,
                       "errorMessage": "besked" if code else None, "timeStamp": "2026-01-01T00:00:00Z"}).encode()


@pytest.mark.parametrize(
    "status, body, delivered, permanent",
    [
        (201, _receipt("RECEIVED"), True, False),
        (201, _receipt("COMPLETED"), True, False),
        (201, b"", True, False),  # taken over without a receipt body
        (201, _receipt("INVALID", "X"), False, True),
        (201, _receipt("NOT_ALLOWED", "Y"), False, True),
        (201, _receipt("RECEIVED", uuid="00000000-0000-4000-8000-000000000000"), False, False),
        (409, b"", True, False),  # already received
        (400, json.dumps({"code": "INVALID_MEMO", "message": "m"}).encode(), False, True),
        (415, b"", False, True),
        (401, b"", False, False),  # the sender system's registration: fixed by the operator, then retried
        (403, b"", False, False),
        (404, b"", False, False),
        (408, b"", False, False),
        (429, b"", False, False),
        (500, b"", False, False),
        (503, b"{}", False, False),
    ],
)
def test_verdicts(status, body, delivered, permanent):
    verdict = ngdp.verdict(status, body, UUID)
    assert (not verdict.error) is delivered and verdict.permanent is permanent


def test_an_error_names_the_code_message_and_fields():
    body = json.dumps({"code": "INVALID_MEMO", "message": "ugyldig", "fieldErrors": [
        {"field": "body", "message": "linje 3"}]}).encode()
    assert ngdp.verdict(400, body, UUID).error == "HTTP 400: INVALID_MEMO; ugyldig; body: linje 3"


def test_urls_and_credentials():
    api = ngdp.Api("https://api.digitalpost.dk/apis/v1")
    assert api.memos == "https://api.digitalpost.dk/apis/v1/memos/"
    assert api.receipts_bulk == "https://api.digitalpost.dk/apis/v1/receipts-bulk/"
    assert api.receipt("a/b") == "https://api.digitalpost.dk/apis/v1/receipts/a%2Fb"
    assert ngdp.basic_authorization("id", "key") == "Basic aWQ6a2V5"
    assert ngdp.basic_authorization("", "key") == ""
