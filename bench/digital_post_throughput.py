"""Digital Post throughput: MeMo messages built and delivered per second for 10,000 subscribers of one guide.

    python bench/digital_post_throughput.py            # temp SQLite DB (production settings), ~3-5 min

One guide, N subscribers (CPR numbers; encrypted and hashed like the subscribe service does, inserted in bulk),
then per backend one major update of the guide, measured in two phases:
- build: the "digital-post" consumer turns the event into N validated, encrypted outbox rows (bulk inserts);
- deliver: the dispatcher sends every due message, to the file backend (atomic write + fsync per file) and to
  the local fake Digital Post endpoint over mutual TLS (a separate process that validates each message against
  the XSD and deduplicates by UUID), with the production defaults (8 sender threads, batches of 64).
Every message is checked to have arrived (files counted, the fake's counts read back). Exit status 1 when the
file backend's end-to-end rate is below the goal (200 messages/s).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import REPO, bench_env, load_average, log, machine_description, manage, remove_tree, write_jsonl

GOAL = 200.0  # messages per second, build + deliver, file backend


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


class Phase:
    def __init__(self, name: str, count: int):
        self.name, self.count = name, count

    def __enter__(self):
        self.started, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.cpu_seconds = _cpu() - self.cpu

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else float("nan")


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def _subscribe_in_bulk(guide, count: int, seed: int = 2024) -> None:
    """What services.subscribe stores, for ``count`` distinct valid CPR numbers, in bulk inserts."""
    import random

    from syndication.digital_post import crypto
    from syndication.models import Subscription

    rng = random.Random(seed)
    numbers = set()
    while len(numbers) < count:
        numbers.add(f"{rng.randint(1, 28):02}{rng.randint(1, 12):02}{rng.randint(0, 99):02}{rng.randint(0, 3999):04}")
    fernet, key = crypto.fernet(), crypto.hash_key()
    rows = [
        Subscription(subscriber_kind="cpr", subscriber_hash=crypto.keyed_hash("cpr", n, key),
                     subscriber_encrypted=fernet.encrypt(n.encode()).decode(), guide=guide)
        for n in sorted(numbers)
    ]
    Subscription.objects.bulk_create(rows, batch_size=1000)


def _major_update(guide, title: str):
    from content_models import publishing

    guide.title, guide.major_update = title, True
    publishing.publish(guide)


def _build(count: int) -> Phase:
    from content_models.worker.registry import registered_consumers
    from content_models.worker.drain import drain
    from syndication.models import DigitalPostMessage

    consumer = [c for c in registered_consumers() if c.name == "digital-post"]
    before = DigitalPostMessage.objects.count()
    with Phase("build", count) as phase:
        report = drain(consumer)
    made = DigitalPostMessage.objects.count() - before
    if not report.ok or made != count:
        raise SystemExit(f"build failed: {report.failed or made} (expected {count} messages)")
    return phase


def _deliver(count: int, backend) -> tuple[Phase, dict]:
    from syndication.digital_post import dispatch

    totals = {"delivered": 0, "duplicate": 0, "retry": 0, "dead": 0}
    with Phase("deliver", count) as phase:
        while True:
            counts = dispatch.deliver_due(backend=backend)
            for name, value in counts.items():
                totals[name] += value
            if not any(counts.values()):
                break
    if totals["delivered"] != count:
        raise SystemExit(f"delivery incomplete: {totals} (expected {count})")
    return phase, totals


class FakeEndpoint:
    """The fake Digital Post endpoint as its own process (so its XSD validation does not share our GIL)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> "FakeEndpoint":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.digital_post_endpoint", "--tls-dir", str(self.workdir / "pki")],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        line = self.process.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if not match:
            raise SystemExit(f"fake endpoint did not start: {line}")
        self.url = match.group(1)
        self.process.stdout.readline()  # the sender system's credentials (tests.fakes.digital_post_endpoint)
        self.process.stdout.readline()  # the certificate paths
        return self

    def stats(self) -> dict:
        import ssl

        pki = self.workdir / "pki"
        context = ssl.create_default_context(cafile=str(pki / "ca.pem"))
        context.load_cert_chain(pki / "client.pem", pki / "client-key.pem")
        with urllib.request.urlopen(self.url.split("/apis/", 1)[0] + "/_stats", context=context, timeout=30) as answer:
            return json.loads(answer.read())

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _row(backend: str, build: Phase, deliver: Phase, extra: str = "") -> str:
    total = build.seconds + deliver.seconds
    return (f"| {backend} | {build.count} | {build.seconds:.1f} | {build.rate:.0f} | {deliver.seconds:.1f} | "
            f"{deliver.rate:.0f} | {build.count / total:.0f} | {build.cpu_seconds + deliver.cpu_seconds:.1f} |{extra}")


def run(workdir: Path, subscribers: int) -> int:
    from cryptography.fernet import Fernet

    env = bench_env(
        workdir, workdir / "bench.sqlite3",
        SUBSCRIBER_ENCRYPTION_KEY=Fernet.generate_key().decode(), CPR_HASH_KEY=secrets.token_urlsafe(48),
        LOG_LEVEL="WARNING",
    )
    log(f"machine: {machine_description()}")
    migrate = manage(env, "migrate", "--noinput", logfile=workdir / "prepare.log")
    topic_and_guide = [
        {"kind": "topic", "slug": "bolig", "title": "Bolig", "parent": None},
        {"kind": "guide", "slug": "flytning", "title": "Flytning", "summary": "Om flytning.", "topics": ["bolig"],
         "locale": "da", "sections": [{"key": "anmeld", "heading": "Anmeld", "body_html": "<p>Anmeld.</p>"}]},
    ]
    imported = manage(env, "import_content", str(write_jsonl(workdir / "guide.jsonl", topic_and_guide)),
                      logfile=workdir / "prepare.log")
    log(f"database: migrate {migrate:.0f} s, import {imported:.0f} s (SQLite {workdir / 'bench.sqlite3'})")

    _setup_django(env)
    from django.conf import settings

    from content_models.models import GuidePage
    from syndication.digital_post.backends import FileBackend, HttpBackend
    from tests.fakes import digital_post_endpoint as fake_ngdp

    guide = GuidePage.objects.get(slug="flytning")
    with Phase("warm-up", 1) as warm_up:
        guide.get_url_parts()  # the process's first URL reversal imports the whole URLconf (once per worker)
    log(f"process warm-up (URLconf import, once per worker process, not counted): {warm_up.seconds:.1f} s")
    with Phase("subscribe", subscribers) as subscribe:
        _subscribe_in_bulk(guide, subscribers)
    log(f"{subscribers} subscriptions (encrypt + hash + bulk insert): {subscribe.seconds:.1f} s, "
        f"{subscribe.rate:.0f}/s")
    log(f"dispatcher: defaults of syndication/digital_post/dispatch.py, {settings.DIGITAL_POST_MAX_ATTEMPTS} tries max")

    rows = []
    directory = workdir / "memo"
    _major_update(guide, "Flytning – nye regler")
    build = _build(subscribers)
    log(f"file: built {subscribers} in {build.seconds:.1f} s ({build.rate:.0f}/s), load average {load_average()}")
    deliver, totals = _deliver(subscribers, FileBackend(directory))
    files = len(list(directory.glob("*.xml")))
    if files != subscribers:
        raise SystemExit(f"{files} files for {subscribers} messages")
    log(f"file: delivered {totals} in {deliver.seconds:.1f} s ({deliver.rate:.0f}/s), {files} files, "
        f"load average {load_average()}")
    rows.append(_row("file (fsync per file)", build, deliver, " – |"))
    file_rate = subscribers / (build.seconds + deliver.seconds)

    with FakeEndpoint(workdir) as fake:
        pki = workdir / "pki"
        backend = HttpBackend(fake.url, cert=(str(pki / "client.pem"), str(pki / "client-key.pem")),
                              verify=str(pki / "ca.pem"), connect_timeout=5, read_timeout=30,
                              system_id=fake_ngdp.SYSTEM_ID, api_key=fake_ngdp.API_KEY)
        _major_update(guide, "Flytning – endnu nyere regler")
        build = _build(subscribers)
        log(f"https: built {subscribers} in {build.seconds:.1f} s ({build.rate:.0f}/s), load average {load_average()}")
        cpu_before = fake.cpu_seconds()
        deliver, totals = _deliver(subscribers, backend)
        stats = fake.stats()
        fake_cpu = fake.cpu_seconds() - cpu_before
    if stats["accepted"] != subscribers or stats["accepted_twice"]:
        raise SystemExit(f"fake endpoint: {stats} (expected {subscribers} accepted once)")
    log(f"https: delivered {totals} in {deliver.seconds:.1f} s ({deliver.rate:.0f}/s), endpoint {stats}, "
        f"load average {load_average()}")
    rows.append(_row("HTTPS, mutual TLS, local fake", build, deliver, f" {fake_cpu:.1f} |"))

    log("")
    log("| backend | messages | build s | build msg/s | deliver s | deliver msg/s | end-to-end msg/s | "
        "portal CPU s | endpoint CPU s |")
    log("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        log(row)
    met = file_rate >= GOAL
    log(f"\ngoal >= {GOAL:.0f} messages/s built and delivered to the file backend: {file_rate:.0f}/s -> "
        f"{'MET' if met else 'NOT MET'}")
    return 0 if met else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, help="keep the database and files here (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-digital-post-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return run(workdir, args.subscribers)
    finally:
        if not args.workdir:
            remove_tree(workdir)


if __name__ == "__main__":
    sys.exit(main())
