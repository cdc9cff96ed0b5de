"""A local stand-in for the national Digital Post API (NgDP) as a sender system meets it, for tests, benchmarks and
development. Never for production. The shape is syndication/digital_post/ngdp.py's (the published OpenAPI
description, ``/apis/v1``); it is strict where the real API is:

- mutual TLS: with ``tls`` it requires a client certificate signed by the test CA (the FOCES/VOCES certificate);
- ``Authorization: Basic <system id>:<API key>`` of the registered sender system (401 with an ErrorMessage
  otherwise);
- ``POST /apis/v1/memos/?memo-message-uuid=<uuid>``: ``Content-Type`` ``application/xml`` or ``text/xml`` (415
  otherwise); the body must validate against the MeMo 1.1 XSD and its ``messageUUID`` must equal the parameter
  (400 with an ErrorMessage ``{code, message, fieldErrors}`` otherwise);
- a new message is answered ``201`` with a Receipt (``RECEIVED``, a new ``transmissionId``); a message whose
  sender CVR the system may not send for gets ``NOT_ALLOWED``; a repeat of a known messageUUID gets the first
  transmission's receipt again and is not taken over twice (``new_count`` counts takeovers per UUID);
- later, an asynchronous receipt per message waits in ``GET /apis/v1/receipts-bulk/`` (``COMPLETED``, or
  ``INVALID`` for recipients listed in ``state.undeliverable``) until ``DELETE /apis/v1/receipts/{id}``;
- on demand it fails (500, 503), answers too late (accepted, but after the client's time-out), hangs up, or
  delays every answer.

The error codes it uses are its own: the API's list of codes was not in the published material at hand.
Run it standalone with ``python -m tests.fakes.digital_post_endpoint --tls-dir DIR [--port N] [--delay S]``;
``GET /_stats`` answers the counts as JSON.
"""

import argparse
import base64
import json
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from syndication.digital_post import memo
from tests.fakes.pki import Pki, make_pki  # noqa: F401 (re-exported: tests and bench import it from here)
from tests.fakes.server import FakeServer, QuietHandler

API = "/apis/v1/"
PATH = API  # the base URL the portal is configured with (DIGITAL_POST_BACKEND)
SYSTEM_ID = "e545b339-8542-4a30-ae75-c67e4d2a7b99"  # the test sender system and its API key
API_KEY = "15632a8d-407c-4c3a-b7b1-aebaa514fcab"
SENDER_CVR = "34051178"
OK, ERROR, UNAVAILABLE, SLOW, DROP = "ok", "error", "unavailable", "slow", "drop"
INCOMPLETE = "incomplete"  # not a behaviour to ask for: a request whose body never fully arrived


@dataclass(frozen=True)
class Received:
    n: int
    uuid: str | None
    status: int
    behaviour: str
    new: bool  # taken over as a new message (the only kind of acceptance that may happen once per UUID)
    headers: dict[str, str]
    body: bytes
    error: str = ""
    receipt_status: str = ""


@dataclass
class State:
    behaviour: Callable[[int], str] = lambda n: OK
    delay: float = 0.0  # seconds before every answer, after the message is accepted
    slow_seconds: float = 3.0  # how late a SLOW answer comes
    keep_bodies: bool = True
    credentials: tuple[str, str] = (SYSTEM_ID, API_KEY)
    sender_cvrs: set[str] = field(default_factory=lambda: {SENDER_CVR})  # CVRs the system may send for
    undeliverable: set[str] = field(default_factory=set)  # recipient ids whose asynchronous receipt is INVALID
    received: list[Received] = field(default_factory=list)
    new_count: Counter = field(default_factory=Counter)  # uuid -> times taken over as new (must stay <= 1)
    first_receipts: dict[str, dict] = field(default_factory=dict)  # uuid -> the receipt of its first transmission
    waiting_receipts: dict[str, dict] = field(default_factory=dict)  # receipt id -> asynchronous receipt
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accepted(self) -> set[str]:
        with self.lock:
            return set(self.new_count)

    def duplicates(self) -> int:
        """Resends of a message already taken over (answered with its first receipt)."""
        with self.lock:
            return sum(1 for r in self.received if r.uuid and r.status == 201 and not r.new)

    def stats(self) -> dict:
        with self.lock:
            statuses = Counter(r.status for r in self.received)
            return {
                "requests": len(self.received),
                "accepted": len(self.new_count),
                "accepted_twice": sum(1 for count in self.new_count.values() if count > 1),
                "duplicates": sum(1 for r in self.received if r.uuid and r.status == 201 and not r.new),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "waiting_receipts": len(self.waiting_receipts),
            }


def error_message(code: str, message: str, field_name: str = "") -> dict:
    errors = [{"resource": "memo", "field": field_name, "code": code, "message": message}] if field_name else []
    return {"code": code, "message": message, "fieldErrors": errors}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Handler(QuietHandler):
    server_version = "FakeNgDP/1"

    @property
    def state(self) -> State:
        return self.server.fake.state

    def _answer(self, status: int, payload: dict | None) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else b""
        self.send_body(status, body, "application/json")

    def _authorised(self) -> bool:
        expected = "Basic " + base64.b64encode(":".join(self.state.credentials).encode()).decode()
        return self.headers.get("Authorization", "") == expected

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/_stats":
            return self._answer(200, self.state.stats())
        if not self._authorised():
            return self._answer(401, error_message("UNAUTHORIZED", "Ukendt afsendersystem eller API-nøgle"))
        if path == API + "receipts-bulk/":
            size = int((parse_qs(urlsplit(self.path).query).get("size") or ["20"])[0])
            with self.state.lock:
                waiting = list(self.state.waiting_receipts.values())[: max(1, min(size, 100))]
                total = len(self.state.waiting_receipts)
            return self._answer(200, {"currentPage": 0, "totalPages": 1 if total else 0,
                                      "elementsOnPage": len(waiting), "totalElements": total, "receipts": waiting})
        return self._answer(404, error_message("NOT_FOUND", "Ressourcen findes ikke"))

    def do_DELETE(self):
        path = urlsplit(self.path).path
        if not self._authorised():
            return self._answer(401, error_message("UNAUTHORIZED", "Ukendt afsendersystem eller API-nøgle"))
        if path.startswith(API + "receipts/"):
            with self.state.lock:
                found = self.state.waiting_receipts.pop(path.removeprefix(API + "receipts/"), None)
            return self._answer(204, None) if found else self._answer(404, error_message("NOT_FOUND", "Ingen kvittering"))
        return self._answer(404, error_message("NOT_FOUND", "Ressourcen findes ikke"))

    def do_POST(self):
        state = self.state
        body, complete = self.read_body()
        headers = dict(self.headers.items())
        if not complete:
            # The client died mid-request (e.g. a killed worker): nothing arrived, and nobody is left to answer.
            self._log(Received(0, None, 0, INCOMPLETE, False, headers, b""))
            self.close_connection = True
            return
        with state.lock:
            n = len(state.received) + 1
            behaviour = state.behaviour(n)
        if behaviour == DROP:
            self._log(Received(n, None, 0, behaviour, False, headers, b""))
            self.close_connection = True  # hang up without an answer
            return
        if behaviour in (ERROR, UNAVAILABLE):
            status = 500 if behaviour == ERROR else 503
            self._log(Received(n, None, status, behaviour, False, headers, b""))
            self._answer(status, error_message("UNAVAILABLE" if status == 503 else "INTERNAL",
                                               "midlertidig fejl" if status == 503 else "intern fejl"))
            return
        status, payload, message_uuid, new = self._accept(state, body, headers)
        self._log(Received(n, message_uuid, status, behaviour, new, headers, body if state.keep_bodies else b"",
                           payload.get("message", ""), payload.get("receiptStatus", "")))
        if status < 300 and state.delay:
            time.sleep(state.delay)
        if behaviour == SLOW:
            time.sleep(state.slow_seconds)  # accepted, but the answer comes after the client's time-out
        self._answer(status, payload)

    def _accept(self, state: State, body: bytes, headers: dict) -> tuple[int, dict, str | None, bool]:
        parts = urlsplit(self.path)
        if parts.path != API + "memos/":
            return 404, error_message("NOT_FOUND", f"Ukendt adresse; brug {API}memos/"), None, False
        if not self._authorised():
            return 401, error_message("UNAUTHORIZED", "Ukendt afsendersystem eller API-nøgle"), None, False
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in ("application/xml", "text/xml"):
            return 415, error_message("UNSUPPORTED_MEDIA_TYPE", "Content-Type skal være application/xml"), None, False
        parameter = (parse_qs(parts.query).get("memo-message-uuid") or [""])[0].lower()
        try:
            tree = memo.validate(body)
        except memo.InvalidMessage as exc:
            return 400, error_message("INVALID_MEMO", f"ugyldig MeMo-besked: {exc}", "body"), parameter or None, False
        message_uuid = (memo.field(tree, "MessageHeader/messageUUID") or "").lower()
        if parameter != message_uuid:
            return 400, error_message("MEMO_UUID_MISMATCH", "memo-message-uuid skal være beskedens messageUUID",
                                      "memo-message-uuid"), message_uuid, False
        with state.lock:
            first = state.first_receipts.get(message_uuid)
            if first is not None:
                return 201, first, message_uuid, False  # already received: the first transmission's receipt
            receipt = {"transmissionId": str(uuid.uuid4()), "messageUUID": message_uuid, "messageId": None,
                       "errorCode": None, "errorMessage": None, "timeStamp": _now(), "receiptStatus": "RECEIVED"}
            if memo.field(tree, "MessageHeader/Sender/senderID") not in state.sender_cvrs:
                receipt.update(receiptStatus="NOT_ALLOWED", errorCode="SENDER_NOT_ALLOWED",
                               errorMessage="Afsendersystemet må ikke sende for dette CVR-nummer")
            else:
                state.new_count[message_uuid] += 1
                recipient = memo.field(tree, "MessageHeader/Recipient/recipientID")
                later = {**receipt, "id": str(uuid.uuid4()), "timeStamp": _now(), "receiptStatus": "COMPLETED"}
                if recipient in state.undeliverable:
                    later.update(receiptStatus="INVALID", errorCode="RECIPIENT_NOT_REACHABLE",
                                 errorMessage="Modtageren kan ikke modtage Digital Post")
                state.waiting_receipts[later["id"]] = later
            state.first_receipts[message_uuid] = receipt
        return 201, receipt, message_uuid, receipt["receiptStatus"] == "RECEIVED"

    def _log(self, received: Received) -> None:
        with self.state.lock:
            self.state.received.append(received)


class FakeDigitalPost(FakeServer):
    """Start with ``with FakeDigitalPost(tls=pki) as fake: ...``; ``fake.url`` is the API's base URL."""

    handler = _Handler
    path = API

    def __init__(self, tls: Pki | None = None, host: str = "127.0.0.1", port: int = 0):
        super().__init__(tls=tls, host=host, port=port)
        self.state = State()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="A local fake of the Digital Post API (NgDP, MeMo 1.1).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-dir", type=Path, help="make a CA, server and client certificate here and require mTLS")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    args = parser.parse_args(argv)
    pki = make_pki(args.tls_dir) if args.tls_dir else None
    fake = FakeDigitalPost(tls=pki, port=args.port)
    fake.state.delay, fake.state.keep_bodies = args.delay, False
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake:
        print(f"listening on {fake.url}", flush=True)
        print(f"DIGITAL_POST_SYSTEM_ID={SYSTEM_ID} DIGITAL_POST_API_KEY={API_KEY} "
              f"DIGITAL_POST_SENDER_CVR={SENDER_CVR}", flush=True)
        if pki:
            print(f"client certificate {pki.client_cert} key {pki.client_key} CA {pki.ca_cert}", flush=True)
        while not stop.wait(0.5):
            pass
    print(json.dumps(fake.state.stats()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
