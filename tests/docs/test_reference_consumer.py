"""The reference consumer (docs/examples/mirror_consumer.py) against a live portal: the partner journey end to end.

It runs as its own process, as a partner runs it: it mirrors every guide with Aarhus' local text from the change
feed, resumes from its stored cursor after a stop, registers its own webhook and is woken by the portal's
signed deliveries (sent by the real dispatcher), refusing forged and replayed ones.
"""

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from content_models import publishing
from content_models.models import GuidePage, Municipality, PublishingEvent
from content_models.worker.drain import drain
from syndication.models import WebhookDelivery, WebhookEndpoint
from syndication.webhooks import dispatch, signing
from tests import factories

pytestmark = pytest.mark.slow

CONSUMER = Path(settings.BASE_DIR) / "docs" / "examples" / "mirror_consumer.py"


def run_once(portal, state, *extra):
    done = subprocess.run(
        [sys.executable, str(CONSUMER), "--portal", portal.url, "--key", portal.key, "--municipality", "751",
         "--state", str(state), "--once", *extra],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def mirrored(state) -> dict:
    with sqlite3.connect(state) as db:
        return {slug: json.loads(data) for slug, data in db.execute("SELECT slug, data FROM guides ORDER BY slug")}


def cursor(state) -> str | None:
    with sqlite3.connect(state) as db:
        row = db.execute("SELECT value FROM state WHERE name = 'cursor'").fetchone()
    return row and row[0]


def local_texts(guide: dict) -> dict:
    return {s["key"]: s["localText"] and s["localText"]["placeCode"] for s in guide["sections"]}


def test_it_mirrors_every_guide_with_aarhus_local_text_and_resumes_from_its_cursor(live_portal, tmp_path):
    state = tmp_path / "mirror.sqlite3"
    # Stopped after one page of the feed (as a crash or a deploy would stop it) ...
    output = run_once(live_portal, state, "--max-pages", "1", "--page-size", "3")
    first_cursor = cursor(state)
    assert first_cursor and output.startswith("3 change(s) read") and len(mirrored(state)) < 5
    # ... it resumes from the stored cursor and reads only what it has not read.
    output = run_once(live_portal, state, "--page-size", "3")
    feed = PublishingEvent.objects.filter(kind__in=["guide", "local_text"]).count()
    assert cursor(state) != first_cursor and f"done: {feed - 3} change(s) read" in output
    guides = mirrored(state)
    assert set(guides) == {"flytning", "sygesikring", "vejledning-0", "vejledning-1", "vejledning-2"}
    assert local_texts(guides["flytning"]) == {"anmeld": "751", "husk": "1082"}
    assert local_texts(guides["sygesikring"]) == {"anmeld": None}  # Copenhagen's text is not Aarhus'
    assert guides["flytning"]["image"]["altText"] == "Flyttekasser i en stue"

    # Nothing new: one request for the feed, nothing applied.
    assert run_once(live_portal, state).strip() == "done: 0 change(s) read"

    # Changes since the stored cursor: an edit, Aarhus' new text, Copenhagen's, an unpublish and a delete.
    guide = GuidePage.objects.get(slug="sygesikring")
    guide.title = "Sygesikring og sundhedskort"
    publishing.publish(guide)
    factories.make_local_text(guide, municipality=Municipality.objects.get(code="751"), body="<p>Aarhus.</p>")
    factories.make_local_text(GuidePage.objects.get(slug="vejledning-0"),
                              municipality=Municipality.objects.get(code="101"), body="<p>København.</p>")
    publishing.unpublish(GuidePage.objects.get(slug="vejledning-1"))
    GuidePage.objects.get(slug="vejledning-2").delete()
    output = run_once(live_portal, state)
    guides = mirrored(state)
    assert set(guides) == {"flytning", "sygesikring", "vejledning-0"}
    assert guides["sygesikring"]["title"] == "Sygesikring og sundhedskort"
    assert local_texts(guides["sygesikring"]) == {"anmeld": "751"}
    assert "1 guide(s) updated, 2 removed" in output  # Copenhagen's new text touched nothing of Aarhus'


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def served(live_portal, tmp_path, unused_port):
    """The consumer in webhook mode, as its own process; stopped with SIGTERM at the end."""
    processes = []

    def start():
        url = f"http://127.0.0.1:{unused_port}/portal-webhook"
        process = subprocess.Popen(
            [sys.executable, str(CONSUMER), "--portal", live_portal.url, "--key", live_portal.key,
             "--municipality", "751", "--state", str(tmp_path / "mirror.sqlite3"), "--listen",
             f"127.0.0.1:{unused_port}", "--webhook-url", url, "--poll", "3600"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        processes.append(process)
        lines = []
        while not any("listening for webhooks" in line for line in lines):
            line = process.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        return process, url, lines

    yield start
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)


@pytest.fixture
def unused_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_webhooks_wake_it_forged_and_replayed_deliveries_do_not_and_a_restart_reuses_its_registration(
    live_portal, served, tmp_path, settings
):
    settings.WEBHOOK_READ_TIMEOUT = 5
    state = tmp_path / "mirror.sqlite3"
    process, url, _ = served()
    endpoint = WebhookEndpoint.objects.get(url=url)
    assert (endpoint.kinds, endpoint.municipalities, endpoint.partner) == (
        ["guide", "local_text"], ["751"], live_portal.partner)
    assert wait_for(lambda: "flytning" in mirrored(state))  # caught up at start

    guide = GuidePage.objects.get(slug="flytning")
    guide.title = "Flytning og adresse"
    publishing.publish(guide)
    drain()
    assert dispatch.deliver_due()["delivered"] == 1  # the consumer answered 2xx
    assert wait_for(lambda: mirrored(state)["flytning"]["title"] == "Flytning og adresse")

    # A replay of that delivery (same id, fresh signature) is acknowledged and ignored; a forgery is refused.
    delivery = WebhookDelivery.objects.get(payload__slug="flytning")
    body = dispatch.encode_body(delivery.payload)
    headers = dispatch.headers_for(dispatch._outgoing(delivery), int(time.time()))
    assert requests.post(url, data=body, headers=headers, timeout=5).status_code == 200
    forged = {**headers, "X-Portal-Signature": signing.signature_header("whsec_guessed", headers["X-Portal-Timestamp"],
                                                                         body), "X-Portal-Delivery": "new-id"}
    assert requests.post(url, data=body, headers=forged, timeout=5).status_code == 401
    stale = dispatch.headers_for(dispatch._outgoing(delivery), int(time.time()) - 3600)
    assert requests.post(url, data=body, headers={**stale, "X-Portal-Delivery": "other-id"}, timeout=5).status_code == 401

    process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=10)[0]
    assert "seen before: ignored" in rest and rest.count("refused a delivery") == 2
    assert "stopped; the cursor is stored" in rest

    # Restarted, it keeps its registration and secret, and picks up what was published while it was down.
    factories.make_local_text(GuidePage.objects.get(slug="sygesikring"),
                              municipality=Municipality.objects.get(code="751"), body="<p>Mens den var nede.</p>")
    drain()
    dispatch.deliver_due()  # nobody listening: the delivery waits for a retry
    served()
    assert WebhookEndpoint.objects.filter(partner=live_portal.partner).count() == 1
    assert wait_for(lambda: local_texts(mirrored(state)["sygesikring"]) == {"anmeld": "751"})
