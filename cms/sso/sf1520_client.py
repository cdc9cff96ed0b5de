"""The transport to SF1520 (Serviceplatformen's CPR lookup): mutual TLS with the portal's OCES3 system
certificate, short time-outs, a bounded retry of transient failures and a circuit breaker.

A login waits for this call, so it is kept short: CPR_SERVICE_TIMEOUT seconds per attempt, CPR_SERVICE_RETRIES
more attempts after a connection failure, time-out or 5xx without a SOAP answer, then ``Unavailable``. After
CPR_SERVICE_BREAKER_THRESHOLD failed lookups in a row the breaker opens and logins skip the lookup for
CPR_SERVICE_BREAKER_SECONDS (the citizen chooses their municipality by hand meanwhile). Nothing is cached.
"""

import logging
import threading
import time
import uuid

import requests
from django.conf import settings

from cms.circuit_breaker import CircuitBreaker

from . import sf1520_messages as messages

logger = logging.getLogger("cms.sso")
USER_AGENT = "Borgerportalen-CPR/1"
RETRY_PAUSE = 0.2  # seconds before the first retry; doubles per retry
TRANSIENT_STATUSES = {500, 502, 503, 504}


class Unavailable(Exception):
    """The lookup could not be made (service down, time-out, breaker open, fault, malformed answer). The
    message is a reason code, never anything from the request."""


breaker = CircuitBreaker(
    threshold=lambda: settings.CPR_SERVICE_BREAKER_THRESHOLD, cool_down=lambda: settings.CPR_SERVICE_BREAKER_SECONDS
)


class Sf1520Client:
    def __init__(self, url: str, cert, verify, context: messages.InvocationContext, timeout: float, retries: int):
        self.url, self.cert, self.verify, self.context = url, cert, verify, context
        self.timeout = (min(timeout, 2.0), timeout)  # (connect, read)
        self.retries = max(0, retries)
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # certificate and CA are given explicitly; no proxy from the environment
            session.headers.update({
                "User-Agent": USER_AGENT, "Content-Type": messages.CONTENT_TYPE,
                "SOAPAction": f'"{messages.SOAP_ACTION}"',
            })
        return session

    def _post(self, body: bytes) -> tuple[int, bytes]:
        with self._session().post(self.url, data=body, timeout=self.timeout, cert=self.cert, verify=self.verify,
                                  allow_redirects=False, stream=True) as response:
            answer = response.raw.read(messages.MAX_ANSWER_BYTES + 1, decode_content=True)
            return response.status_code, answer

    def _attempt(self, body: bytes) -> messages.LookupAnswer:
        """One call. Raises _Transient for what a retry may cure, Unavailable for what it cannot."""
        try:
            status, answer = self._post(body)
        except requests.RequestException as exc:
            self._local.session = None  # a broken connection must not be reused
            raise _Transient(type(exc).__name__) from None
        try:
            return messages.read_answer(answer)  # a SOAP Fault comes with HTTP 500 and is an answer
        except messages.ServiceFault as fault:
            raise Unavailable(f"fault:{fault.code}") from None
        except messages.MalformedAnswer as exc:
            if status in TRANSIENT_STATUSES:
                raise _Transient(f"HTTP {status}") from None
            raise Unavailable(f"malformed:{exc}" if 200 <= status < 300 else f"HTTP {status}") from None

    def lookup(self, cpr: str) -> messages.LookupAnswer:
        if not breaker.allow():
            raise Unavailable(f"circuit open ({breaker.reason})")
        body = messages.lookup_request(cpr, self.context, call_id=str(uuid.uuid4()))
        reason = ""
        try:
            for attempt in range(self.retries + 1):
                if attempt:
                    time.sleep(RETRY_PAUSE * 2 ** (attempt - 1))
                try:
                    answer = self._attempt(body)
                except _Transient as exc:
                    reason = str(exc)
                    continue
                breaker.success()
                return answer
        except Unavailable as exc:
            breaker.failure(str(exc))
            raise
        breaker.failure(reason)
        raise Unavailable(f"{reason} after {self.retries + 1} attempts")


class _Transient(Exception):
    pass


_clients: dict[tuple, Sf1520Client] = {}


def configured_client() -> Sf1520Client:
    """The client for the current settings (reused: it keeps its TLS connections alive)."""
    cert, key = settings.CPR_SERVICE_CLIENT_CERT, settings.CPR_SERVICE_CLIENT_KEY
    context = messages.InvocationContext(
        service_agreement=settings.CPR_SERVICE_AGREEMENT_UUID, user_system=settings.CPR_SERVICE_USER_SYSTEM_UUID,
        user=settings.CPR_SERVICE_USER_UUID, service=settings.CPR_SERVICE_UUID,
    )
    key_tuple = (settings.CPR_SERVICE_URL, cert, key, settings.CPR_SERVICE_CA_BUNDLE, context,
                 settings.CPR_SERVICE_TIMEOUT, settings.CPR_SERVICE_RETRIES)
    if key_tuple not in _clients:
        _clients.clear()
        _clients[key_tuple] = Sf1520Client(
            settings.CPR_SERVICE_URL, cert=(cert, key) if cert and key else (cert or None),
            verify=settings.CPR_SERVICE_CA_BUNDLE or True, context=context,
            timeout=float(settings.CPR_SERVICE_TIMEOUT), retries=int(settings.CPR_SERVICE_RETRIES),
        )
    return _clients[key_tuple]
