"""MeMo 1.1 messages: building one notification, and validating any message against the official XSD."""

import base64
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

NAMESPACE = "https://DigitalPost.dk/MeMo-1"
MEMO_VERSION, MEMO_SCHEMA_VERSION = "1.1", "1.1.0"
XSD_DIR = Path(__file__).resolve().parent / "memo_xsd"
CONTENT_TYPE = "application/xml"
TEXT_LIMIT, NOTIFICATION_LIMIT, URI_LIMIT = 256, 150, 256  # MeMo_dataTypes.xsd maxLength facets
# Fixed namespace of message UUIDs; changing it would re-key every future message.
_UUID_NAMESPACE = uuid.UUID("5b0e7c55-2f43-5d84-a1a4-6a0c1d2e9f70")
_M = "{%s}" % NAMESPACE


class InvalidMessage(ValueError):
    """A message that does not validate against the MeMo 1.1 schema."""


def message_uuid(subscription_id: int, sequence: int) -> uuid.UUID:
    """Stable per (subscription, event): uuid5, with the version bits set to 4.

    MeMo's memoUuidType only admits version-4 UUIDs; the value is still fully determined by its inputs.
    """
    return uuid.UUID(bytes=uuid.uuid5(_UUID_NAMESPACE, f"{subscription_id}:{sequence}").bytes, version=4)


# Characters XML 1.0 cannot carry at all (lxml refuses them); a title pasted from elsewhere may hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clip(text: str, limit: int) -> str:
    text = " ".join(_NOT_XML.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Notice:
    """What every message about one update shares (built once per event, not per recipient).

    ``build`` takes any letter with these attributes: ``label``, ``notification``, ``filename``, ``text(reason)``,
    ``url``, ``sender_cvr``, ``sender_name``, ``created_at`` (digests and withdrawal notices: notices.py).
    """

    title: str  # the item's title
    kind_label: str  # "vejledningen", "standarden"
    url: str
    sender_cvr: str
    sender_name: str
    created_at: datetime

    filename = "aendring.txt"

    @property
    def label(self) -> str:
        return clip(f"Ændring i {self.title}", TEXT_LIMIT)

    @property
    def notification(self) -> str:
        return clip(f"Væsentlig ændring i {self.title}", NOTIFICATION_LIMIT)

    def text(self, reason: str) -> str:
        return (
            "Kære abonnent\n\n"
            f"Der er sket en væsentlig ændring i {self.kind_label} »{self.title}«.\n\n"
            f"Læs den opdaterede udgave på {self.url}\n\n"
            f"Du får denne besked, fordi du abonnerer på {reason}. "
            "Du kan til enhver tid afmelde abonnementet, der hvor du tilmeldte dig.\n\n"
            f"Venlig hilsen\n{self.sender_name}\n"
        )


def _sub(parent, name: str, text: str | None = None):
    element = etree.SubElement(parent, _M + name)
    if text is not None:
        element.text = text
    return element


def build(notice: Notice, message_id: uuid.UUID, recipient_id: str, recipient_id_type: str, reason: str) -> bytes:
    """One DIGITALPOST message, validated: a short Danish text (text/plain) with the item's URL, and a link action.

    Raises InvalidMessage if it does not validate (a bug here, never the subscriber's fault).
    """
    tree = etree.ElementTree(_element(notice, message_id, recipient_id, recipient_id_type, reason))
    validate(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _element(notice, message_id, recipient_id, recipient_id_type, reason):
    root = etree.Element(_M + "Message", nsmap={"memo": NAMESPACE})
    root.set("memoVersion", MEMO_VERSION)
    root.set("memoSchVersion", MEMO_SCHEMA_VERSION)
    header = _sub(root, "MessageHeader")
    _sub(header, "messageType", "DIGITALPOST")
    _sub(header, "messageUUID", str(message_id))
    _sub(header, "label", notice.label)
    _sub(header, "notification", clip(notice.notification, NOTIFICATION_LIMIT))
    _sub(header, "mandatory", "false")
    _sub(header, "legalNotification", "false")
    sender = _sub(header, "Sender")
    _sub(sender, "senderID", notice.sender_cvr)
    _sub(sender, "idType", "CVR")
    _sub(sender, "label", clip(notice.sender_name, TEXT_LIMIT))
    recipient = _sub(header, "Recipient")
    _sub(recipient, "recipientID", recipient_id)
    _sub(recipient, "idType", recipient_id_type)
    body = _sub(root, "MessageBody")
    _sub(body, "createdDateTime", notice.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    document = _sub(body, "MainDocument")
    _sub(document, "label", notice.label)
    file = _sub(document, "File")
    _sub(file, "encodingFormat", "text/plain")
    _sub(file, "filename", notice.filename)
    _sub(file, "language", "da")
    _sub(file, "content", base64.b64encode(notice.text(reason).encode("utf-8")).decode("ascii"))
    if notice.url and len(notice.url) <= URI_LIMIT:
        action = _sub(document, "Action")
        _sub(action, "label", "Læs mere")
        _sub(action, "actionCode", "INFORMATION")
        _sub(_sub(action, "EntryPoint"), "url", notice.url)
    return root


# lxml's XMLSchema keeps its error log on the object, so each thread gets its own (the fake endpoint is threaded).
_local = threading.local()


def schema() -> etree.XMLSchema:
    if not hasattr(_local, "schema"):
        _local.schema = etree.XMLSchema(etree.parse(str(XSD_DIR / "MeMo_core.xsd")))
    return _local.schema


def parse(document: bytes) -> etree._ElementTree:
    """Parse without network access or entity expansion (input may come from outside)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.ElementTree(etree.fromstring(document, parser))
    except etree.XMLSyntaxError as exc:
        raise InvalidMessage(f"ikke velformet XML: {exc}") from None


def validate(document: bytes | etree._ElementTree) -> etree._ElementTree:
    """Return the parsed message, or raise InvalidMessage naming the first schema violations."""
    tree = parse(document) if isinstance(document, bytes) else document
    checker = schema()
    if not checker.validate(tree):
        errors = "; ".join(f"linje {e.line}: {e.message}" for e in list(checker.error_log)[:3])
        raise InvalidMessage(errors)
    return tree


def field(tree: etree._ElementTree, path: str) -> str | None:
    """Text of the first element on ``path`` ("MessageHeader/messageUUID"), or None."""
    element = tree.getroot().find("/".join(_M + part for part in path.split("/")))
    return element.text if element is not None else None
