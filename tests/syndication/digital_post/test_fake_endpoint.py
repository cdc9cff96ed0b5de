"""The fake Digital Post endpoint is strict where the real one is: content type, schema, idempotency key, dedupe."""

from datetime import UTC, datetime

import pytest
import requests

from syndication.digital_post import memo

SAMPLE = memo.build(
    memo.Notice("Flytning", "vejledningen", "https://www.borgerportalen.example/flytning/", "34051178",
                "Digitaliseringsstyrelsen", datetime(2026, 11, 28, tzinfo=UTC)),
    memo.message_uuid(1, 1), "0101901234", "CPR", "vejledningen",
)
UUID = str(memo.message_uuid(1, 1))
XML = {"Content-Type": "application/xml; charset=utf-8", "Idempotency-Key": UUID}


def test_a_new_message_is_accepted_once_and_a_repeat_is_already_received(fake):
    first = requests.post(fake.url, data=SAMPLE, headers=XML, timeout=5)
    again = requests.post(fake.url, data=SAMPLE, headers=XML, timeout=5)
    assert (first.status_code, first.json()) == (201, {"uuid": UUID, "duplicate": False})
    assert (again.status_code, again.json()) == (200, {"uuid": UUID, "duplicate": True})
    assert fake.state.accepted() == {UUID} and fake.state.duplicates() == 1
    stats = requests.get(fake.url.replace("/memo", "/_stats"), timeout=5).json()
    assert stats["accepted"] == 1 and stats["accepted_twice"] == 0 and stats["duplicates"] == 1


@pytest.mark.parametrize(
    "body, headers, status, complaint",
    [
        (SAMPLE, {"Content-Type": "text/plain", "Idempotency-Key": UUID}, 415, "Content-Type"),
        (SAMPLE.replace(b"DIGITALPOST", b"BREV"), XML, 400, "messageType"),
        (b"<nope", XML, 400, "velformet"),
        (SAMPLE, {"Content-Type": "application/xml"}, 400, "Idempotency-Key"),
    ],
    ids=["content-type", "schema", "not-xml", "no-key"],
)
def test_bad_requests_are_refused_with_the_reason(fake, body, headers, status, complaint):
    response = requests.post(fake.url, data=body, headers=headers, timeout=5)
    assert response.status_code == status and complaint in response.json()["error"]
    assert fake.state.accepted() == set()


def test_only_the_memo_path_exists(fake):
    assert requests.post(fake.url.replace("/memo", "/other"), data=SAMPLE, headers=XML, timeout=5).status_code == 404
