"""Nothing lost, nothing doubled: a real `run_worker` process is SIGKILLed mid-batch and restarted.

The worker runs against a database file (a copy of the test database on SQLite, the test database itself on
PostgreSQL) and delivers to the fake Digital Post endpoint over mutual TLS, which delays every answer so that
the kill lands while messages are in flight; or to the file backend. After the restart every subscriber has
exactly one message, and no message UUID was accepted twice as new.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from syndication.digital_post import memo, services
from tests.fakes.digital_post_endpoint import API_KEY, INCOMPLETE, SYSTEM_ID, FakeDigitalPost
from syndication.digital_post.identity import CVR_WEIGHTS, Subscriber
from syndication.models import DigitalPostMessage
from tests import factories

from .conftest import publish_major

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPO = Path(__file__).resolve().parents[3]
TABLE = DigitalPostMessage._meta.db_table
WAIT_SECONDS = 180  # generous: CI machines are shared and slow


def _subscribers(count: int, seed: int = 7) -> list[Subscriber]:
    """Valid, distinct CPR numbers (real dates, 7th digit 0-3) and a few CVR numbers (modulus 11)."""
    rng = random.Random(seed)
    numbers = set()
    while len(numbers) < count:
        numbers.add(f"{rng.randint(1, 28):02}{rng.randint(1, 12):02}{rng.randint(0, 99):02}{rng.randint(0, 3999):04}")
    subscribers = [Subscriber.cpr(n) for n in sorted(numbers)]
    while len(subscribers) < count + 3:
        candidate = f"{rng.randint(10_000_000, 99_999_999)}"
        if sum(int(d) * w for d, w in zip(candidate, CVR_WEIGHTS)) % 11 == 0:
            subscribers.append(Subscriber.cvr(candidate))
    return subscribers


def _database_for_worker(tmp_path: Path) -> tuple[str, Path | None]:
    """A DATABASE_URL the subprocess can use, and the SQLite file (None on PostgreSQL)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        credentials = f"{quote(s['USER'] or '')}:{quote(s['PASSWORD'] or '')}@" if s["USER"] else ""
        return f"postgres://{credentials}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}", None
    # The in-memory test database, copied to a file the worker can open.
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}", path


def _outbox(sqlite_path: Path | None) -> dict[str, str]:
    """uuid -> status, read from where the worker writes."""
    if sqlite_path is None:
        return {str(u): s for u, s in DigitalPostMessage.objects.values_list("uuid", "status")}
    with sqlite3.connect(sqlite_path, timeout=20) as db:
        rows = db.execute(f"SELECT uuid, status FROM {TABLE}").fetchall()  # noqa: S608 - fixed table name
    return {str(uuid.UUID(u)): s for u, s in rows}


class Worker:
    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--interval", "0.2"], cwd=REPO, env=self.env,
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


def _wait(condition, what: str, worker: Worker, seconds: float = WAIT_SECONDS, every: float = 0.01):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if not worker.alive():
            pytest.fail(f"the worker exited while waiting for {what}:\n{worker.tail()}")
        time.sleep(every)
    pytest.fail(f"timed out waiting for {what}:\n{worker.tail()}")


def _prepare(settings, tmp_path, count, backend_env):
    """Subscribers of one guide (some also through its topic), a major update, and the worker's environment."""
    topic = factories.TopicFactory(slug="bolig", title="Bolig")
    guide = factories.make_guide(topics=[topic])
    subscribers = _subscribers(count)
    for n, subscriber in enumerate(subscribers):
        services.subscribe(subscriber, topic if n % 5 == 0 else guide)
        if n % 7 == 0:
            services.subscribe(subscriber, topic)  # a second way to the same guide: still one message
    publish_major(guide, title="Flytning – nye regler")  # the worker's consumer turns it into messages
    database_url, sqlite_path = _database_for_worker(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGITAL_POST_", "DATABASE_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.syndication.digital_post.worker_settings",
        "DATABASE_URL": database_url,
        "SUBSCRIBER_ENCRYPTION_KEY": settings.SUBSCRIBER_ENCRYPTION_KEY,
        "CPR_HASH_KEY": settings.CPR_HASH_KEY,
        "PYTHONUNBUFFERED": "1",
        **backend_env,
    })
    return {s.number for s in subscribers}, env, sqlite_path


def test_sigkill_mid_delivery_to_the_endpoint_loses_nothing_and_doubles_nothing(settings, tmp_path, pki):
    with FakeDigitalPost(tls=pki) as fake:
        fake.state.delay = 0.15  # accepted at once, answered later: a kill leaves accepted-but-unrecorded messages
        expected, env, sqlite_path = _prepare(settings, tmp_path, 36, {
            "DIGITAL_POST_BACKEND": fake.url, "DIGITAL_POST_CLIENT_CERT": pki.client_cert,
            "DIGITAL_POST_CLIENT_KEY": pki.client_key, "DIGITAL_POST_CA_BUNDLE": pki.ca_cert,
            "DIGITAL_POST_SYSTEM_ID": SYSTEM_ID, "DIGITAL_POST_API_KEY": API_KEY,
        })
        log = tmp_path / "worker.log"
        worker = Worker(env, log).start()
        try:
            _wait(lambda: len(fake.state.accepted()) >= 6, "the first deliveries", worker)
            worker.kill()
            accepted_at_kill = len(fake.state.accepted())
            in_flight = len(fake.state.received)
            worker = Worker(env, log).start()
            _wait(lambda: (o := _outbox(sqlite_path)) and len(o) == len(expected)
                  and set(o.values()) == {DigitalPostMessage.Status.DELIVERED}, "every message delivered", worker,
                  every=0.2)
        finally:
            worker.stop()

    assert 0 < accepted_at_kill < len(expected), "the kill did not land mid-batch"
    outbox = _outbox(sqlite_path)
    assert len(outbox) == len(expected)
    assert fake.state.accepted() == set(outbox)  # every message arrived ...
    assert max(fake.state.new_count.values()) == 1  # ... and none was taken as new twice
    recipients = []
    for request in fake.state.received:
        if request.behaviour == INCOMPLETE:
            continue  # the kill cut this request off before its body was sent; nothing was accepted
        assert request.status in (200, 201), request.error
        if request.new:
            recipients.append(memo.field(memo.validate(request.body), "MessageHeader/Recipient/recipientID"))
        else:
            assert request.uuid in fake.state.accepted()  # a resend of something already received
    assert sorted(recipients) == sorted(expected)  # one message per subscriber
    print(f"kill after {accepted_at_kill} accepted / {in_flight} requests; "
          f"{fake.state.duplicates()} resent and answered 'already received'")


def test_sigkill_mid_delivery_to_files_loses_nothing_and_rewrites_nothing(settings, tmp_path):
    directory = tmp_path / "memo"
    expected, env, sqlite_path = _prepare(settings, tmp_path, 1500, {"DIGITAL_POST_BACKEND": f"file://{directory}"})
    log = tmp_path / "worker.log"
    worker = Worker(env, log).start()
    try:
        _wait(lambda: directory.is_dir() and len(list(directory.glob("*.xml"))) >= 50, "the first files", worker,
              every=0.005)
        worker.kill()
        before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in directory.glob("*.xml")}
        worker = Worker(env, log).start()
        _wait(lambda: (o := _outbox(sqlite_path)) and len(o) == len(expected)
              and set(o.values()) == {DigitalPostMessage.Status.DELIVERED}, "every message delivered", worker,
              every=0.2)
    finally:
        worker.stop()

    assert 0 < len(before) < len(expected), "the kill did not land mid-batch"
    files = {p.name: p for p in directory.glob("*.xml")}
    outbox = _outbox(sqlite_path)
    assert set(files) == {f"{u}.xml" for u in outbox}
    for name, (inode, mtime) in before.items():  # written before the kill: never written again
        assert (files[name].stat().st_ino, files[name].stat().st_mtime_ns) == (inode, mtime)
    recipients = sorted(
        memo.field(memo.validate(path.read_bytes()), "MessageHeader/Recipient/recipientID") for path in files.values()
    )
    assert recipients == sorted(expected)
    # A kill between writing a temp file and renaming it may leave one behind; it is never a *.xml.
    assert all(p.name.startswith(".") and p.suffix == ".tmp" for p in directory.iterdir() if p.suffix != ".xml")
