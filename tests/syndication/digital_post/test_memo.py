"""MeMo 1.1 messages validate against the official XSD (the project copy, checked against the reference data)."""

import base64
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndication.digital_post import memo

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED_XSD = REPO_ROOT.parent / "shared" / "data" / "memo-1.1" / "xsd"
SAMPLES = Path(__file__).resolve().parent / "memo_samples"
MEMO_UUID = re.compile(r"[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[aAbB89][a-fA-F0-9]{3}-[a-fA-F0-9]{12}")


def _notice(title="Flytning", url="https://www.borgerportalen.example/vejledninger/flytning/"):
    return memo.Notice(
        title=title, kind_label="vejledningen", url=url, sender_cvr="34051178",
        sender_name="Digitaliseringsstyrelsen", created_at=datetime(2026, 11, 28, 13, 0, tzinfo=UTC),
    )


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.xsd"))}


def test_the_project_xsd_files_are_the_official_ones():
    assert len(_digest(memo.XSD_DIR)) == 9
    assert (memo.XSD_DIR / "LICENSE").read_text().startswith("MIT License")
    if SHARED_XSD.is_dir():  # the reference data sits beside the repository on developer and CI machines
        assert _digest(memo.XSD_DIR) == _digest(SHARED_XSD)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xml")))
def test_the_official_samples_validate(sample):
    tree = memo.validate((SAMPLES / sample).read_bytes())
    assert memo.field(tree, "MessageHeader/messageUUID")


def test_a_notification_is_a_valid_danish_memo_message():
    message_id = memo.message_uuid(7, 42)
    document = memo.build(_notice(), message_id, "0101901234", "CPR", "vejledningen »Flytning«")

    tree = memo.validate(document)
    assert memo.field(tree, "MessageHeader/messageType") == "DIGITALPOST"
    assert memo.field(tree, "MessageHeader/messageUUID") == str(message_id)
    assert memo.field(tree, "MessageHeader/label") == "Ændring i Flytning"
    assert memo.field(tree, "MessageHeader/Sender/senderID") == "34051178"
    assert memo.field(tree, "MessageHeader/Sender/idType") == "CVR"
    assert memo.field(tree, "MessageHeader/Sender/label") == "Digitaliseringsstyrelsen"
    assert memo.field(tree, "MessageHeader/Recipient/recipientID") == "0101901234"
    assert memo.field(tree, "MessageHeader/Recipient/idType") == "CPR"
    assert memo.field(tree, "MessageBody/createdDateTime") == "2026-11-28T13:00:00Z"
    assert memo.field(tree, "MessageBody/MainDocument/File/encodingFormat") == "text/plain"
    assert memo.field(tree, "MessageBody/MainDocument/File/language") == "da"
    text = base64.b64decode(memo.field(tree, "MessageBody/MainDocument/File/content")).decode()
    assert "væsentlig ændring i vejledningen »Flytning«" in text
    assert "https://www.borgerportalen.example/vejledninger/flytning/" in text
    assert "fordi du abonnerer på vejledningen »Flytning«" in text
    assert memo.field(tree, "MessageBody/MainDocument/Action/EntryPoint/url").endswith("/flytning/")


def test_message_uuids_are_stable_and_of_the_form_memo_requires():
    first = memo.message_uuid(7, 42)
    assert first == memo.message_uuid(7, 42)
    assert first != memo.message_uuid(7, 43) and first != memo.message_uuid(8, 42)
    assert first.version == 4 and MEMO_UUID.fullmatch(str(first))


def test_long_titles_and_odd_characters_are_clipped_to_the_schema_limits():
    title = "Meget lang titel \x07med kontroltegn " * 20
    url = "https://www.borgerportalen.example/" + "x" * 300  # too long for an EntryPoint: left out
    tree = memo.validate(memo.build(_notice(title, url), memo.message_uuid(1, 1), "34051178", "CVR", "emnet »Bolig«"))
    assert len(memo.field(tree, "MessageHeader/label")) == memo.TEXT_LIMIT
    assert len(memo.field(tree, "MessageHeader/notification")) <= memo.NOTIFICATION_LIMIT
    assert memo.field(tree, "MessageBody/MainDocument/Action/label") is None


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda xml: xml.replace(b"DIGITALPOST", b"BREV"), "messageType"),
        (lambda xml: re.sub(rb"<memo:messageUUID>[^<]+", b"<memo:messageUUID>not-a-uuid", xml), "messageUUID"),
        (lambda xml: re.sub(rb"<memo:Sender>.*</memo:Sender>", b"", xml, flags=re.S), "Sender"),
        (lambda xml: xml.replace(b"<memo:MessageHeader>", b"<memo:MessageHeader><memo:x/>"), "x"),
        (lambda xml: xml[:-30], "velformet"),
    ],
    ids=["message-type", "uuid", "no-sender", "unknown-element", "truncated"],
)
def test_invalid_messages_are_refused_with_the_reason(change, complaint):
    document = memo.build(_notice(), memo.message_uuid(1, 1), "0101901234", "CPR", "emnet")
    with pytest.raises(memo.InvalidMessage, match=complaint):
        memo.validate(change(document))


def test_entities_are_not_expanded():
    evil = b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><m>&x;</m>'
    with pytest.raises(memo.InvalidMessage):
        memo.validate(evil)
