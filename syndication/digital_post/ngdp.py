"""The national Digital Post API (NgDP) as a sender system uses it: paths, credentials, receipts, and what each
answer means for the outbox (delivered, retry, or dead letter).

Shape, from Digitaliseringsstyrelsen's published OpenAPI description of the API (``/apis/v1``, version 1.68) and
its reference sender system:
- ``POST memos/?memo-message-uuid=<messageUUID>``, body one MeMo 1.1 message (``application/xml``); the
  parameter must equal the MeMo's ``MessageHeader/messageUUID``. Answer ``201`` with a Receipt
  ``{transmissionId, messageUUID, receiptStatus, errorCode, errorMessage, timeStamp}``, ``400`` with an
  ErrorMessage ``{code, message, fieldErrors}``, ``401``/``403``, ``503``.
- ``receiptStatus``: ``RECEIVED`` or ``COMPLETED`` (taken over), ``INVALID`` or ``NOT_ALLOWED`` (refused).
  Later, asynchronous receipts of the same shape wait in ``receipts-bulk/`` until deleted (``receipts/{id}``).
- Authentication: mutual TLS with the authority's OCES3 certificate (FOCES/VOCES) registered for the sender
  system; the ``Authorization: Basic`` header names the system (its id and API key).

The API's error-code list was not in the material at hand: the outbox decides on HTTP status and receipt status,
and keeps the codes only as text for the operator.
"""

import base64
import json
from dataclasses import dataclass
from urllib.parse import quote

ACCEPTED = {"RECEIVED", "COMPLETED"}
REFUSED = {"INVALID", "NOT_ALLOWED"}
# A problem with the sender system's registration (certificate, credentials, address), not with the message:
# retried with backoff (the operator fixes the registration) rather than dead-lettering every message at once.
REGISTRATION_PROBLEMS = {401, 403, 404}
TRANSIENT_4XX = {408, 425, 429}


class Api:
    """The endpoint URLs below DIGITAL_POST_BACKEND (the API's base, ``https://api.digitalpost.dk/apis/v1``)."""

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/") + "/"
        self.memos = self.base + "memos/"
        self.receipts_bulk = self.base + "receipts-bulk/"

    def receipt(self, receipt_id: str) -> str:
        return self.base + "receipts/" + quote(receipt_id, safe="")


def basic_authorization(system_id: str, api_key: str) -> str:
    if not system_id or not api_key:
        return ""
    return "Basic " + base64.b64encode(f"{system_id}:{api_key}".encode()).decode("ascii")


@dataclass(frozen=True)
class Receipt:
    message_uuid: str
    status: str
    error_code: str = ""
    error_message: str = ""
    transmission_id: str = ""
    id: str = ""  # of an asynchronous receipt (to delete it)

    @property
    def refused(self) -> bool:
        return self.status in REFUSED

    def describe(self) -> str:
        detail = ": ".join(part for part in (self.error_code, self.error_message) if part)
        return f"NgDP-kvittering {self.status}" + (f" ({detail})" if detail else "")


def _receipt(data: dict) -> Receipt:
    def text(name: str) -> str:
        value = data.get(name)
        return str(value).strip() if value is not None else ""

    return Receipt(
        message_uuid=text("messageUUID").lower(), status=text("receiptStatus").upper(),
        error_code=text("errorCode"), error_message=text("errorMessage"),
        transmission_id=text("transmissionId"), id=text("id"),
    )


def receipts(body: bytes) -> list[Receipt]:
    """The receipts of a ``receipts-bulk/`` answer; ValueError when it is not one."""
    data = json.loads(body or b"{}")
    items = data.get("receipts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError("no receipts list in the answer")
    return [_receipt(item) for item in items if isinstance(item, dict)]


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _error_text(status: int, body: bytes) -> str:
    data = _json(body)
    parts = [str(data.get(key) or "").strip() for key in ("code", "message")]
    fields = data.get("fieldErrors") if isinstance(data.get("fieldErrors"), list) else []
    parts += [f"{item.get('field', '')}: {item.get('message', '')}" for item in fields[:3] if isinstance(item, dict)]
    detail = "; ".join(part for part in parts if part) or body.decode("utf-8", "replace").strip()
    return f"HTTP {status}: {detail}".strip()


@dataclass(frozen=True)
class Verdict:
    error: str = ""  # empty: delivered
    permanent: bool = False
    duplicate: bool = False


def verdict(status: int, body: bytes, message_uuid: str) -> Verdict:
    """What the answer to ``POST memos/`` means for the outbox row."""
    if status in (200, 201):
        data = _json(body)
        receipt = _receipt(data) if data else None
        if receipt is None or not receipt.status:
            return Verdict()  # taken over; the receipt body is informative only
        if receipt.message_uuid and receipt.message_uuid != message_uuid.lower():
            return Verdict(error=f"HTTP {status}: kvitteringen gælder en anden besked ({receipt.message_uuid})")
        if receipt.refused:
            return Verdict(error=receipt.describe(), permanent=True)
        return Verdict()
    if status == 409:
        return Verdict(duplicate=True)  # "already received": the message UUID is known to NgDP
    if status in REGISTRATION_PROBLEMS:
        return Verdict(error=_error_text(status, body) + " – tjek afsendersystemets certifikat, system-id, "
                       "API-nøgle og DIGITAL_POST_BACKEND")
    if 400 <= status < 500 and status not in TRANSIENT_4XX:
        return Verdict(error=_error_text(status, body), permanent=True)
    return Verdict(error=_error_text(status, body))
