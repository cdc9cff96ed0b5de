"""The fake Digital Post API is strict where the real one is: credentials, content type, schema, messageUUID
parameter, takeover once per UUID, receipts."""

import base64
from datetime import UTC, datetime

import pytest
import requests

from syndication.digital_post import memo
from tests.fakes.digital_post_endpoint import API_KEY, SYSTEM_ID

SAMPLE = memo.build(
    memo.Notice("Flytning", "vejledningen", "https://www.borgerportalen.example/flytning/", "34051178",
                "Digitaliseringsstyrelsen", datetime(2026, 11, 28, tzinfo=UTC)),
    memo.message_uuid(1, 1), "0101901234", "CPR", "vejledningen",
)
UUID = str(memo.message_uuid(1, 1))
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{SYSTEM_ID}:{API_KEY}".encode()).decode()}
XML = {"Content-Type": "application/xml; charset=utf-8", **AUTH}


def _send(fake, body=SAMPLE, headers=XML, uuid=UUID):
    params = {"memo-message-uuid": uuid} if uuid is not None else {}
    return requests.post(fake.url + "memos/", params=params, data=body, headers=headers, timeout=5)


def test_a_new_message_is_taken_over_once_and_a_repeat_gets_its_first_receipt(fake):
    first, again = _send(fake), _send(fake)
    assert first.status_code == again.status_code == 201
    receipt = first.json()
    assert receipt["messageUUID"] == UUID and receipt["receiptStatus"] == "RECEIVED" and receipt["transmissionId"]
    assert again.json() == receipt  # the same transmission
    assert fake.state.accepted() == {UUID} and fake.state.duplicates() == 1
    stats = requests.get(fake.base_url + "/_stats", timeout=5).json()
    assert stats["accepted"] == 1 and stats["accepted_twice"] == 0 and stats["duplicates"] == 1


@pytest.mark.parametrize(
    "body, headers, uuid, status, code",
    [
        (SAMPLE, {**XML, "Content-Type": "text/plain"}, UUID, 415, "UNSUPPORTED_MEDIA_TYPE"),
        (SAMPLE.replace(b"DIGITALPOST", b"BREV"), XML, UUID, 400, "INVALID_MEMO"),
        (b"<nope", XML, UUID, 400, "INVALID_MEMO"),
        (SAMPLE, XML, None, 400, "MEMO_UUID_MISMATCH"),
        (SAMPLE, XML, "5b0e7c55-2f43-4d84-a1a4-6a0c1d2e9f70", 400, "MEMO_UUID_MISMATCH"),
        (SAMPLE, {"Content-Type": "application/xml"}, UUID, 401, "UNAUTHORIZED"),
        (SAMPLE, {**XML, "Authorization": "Basic " + base64.b64encode(b"x:y").decode()}, UUID, 401, "UNAUTHORIZED"),
    ],
    ids=["content-type", "schema", "not-xml", "no-uuid-parameter", "other-uuid", "no-credentials", "wrong-key"],
)
def test_bad_requests_are_refused_with_an_error_message(fake, body, headers, uuid, status, code):
    response = _send(fake, body, headers, uuid)
    assert response.status_code == status and response.json()["code"] == code and response.json()["message"]
    assert fake.state.accepted() == set()


def test_an_unknown_path_is_not_found(fake):
    response = requests.post(fake.url + "other/", data=SAMPLE, headers=XML, timeout=5)
    assert response.status_code == 404


def test_receipts_wait_until_deleted(fake):
    _send(fake)
    answer = requests.get(fake.url + "receipts-bulk/", params={"size": 10}, headers=AUTH, timeout=5).json()
    (receipt,) = answer["receipts"]
    assert receipt["messageUUID"] == UUID and receipt["receiptStatus"] == "COMPLETED"
    assert requests.get(fake.url + "receipts-bulk/", timeout=5).status_code == 401
    assert requests.delete(fake.url + f"receipts/{receipt['id']}", headers=AUTH, timeout=5).status_code == 204
    assert requests.delete(fake.url + f"receipts/{receipt['id']}", headers=AUTH, timeout=5).status_code == 404
    assert requests.get(fake.url + "receipts-bulk/", headers=AUTH, timeout=5).json()["receipts"] == []
