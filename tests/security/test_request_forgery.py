"""No request forgery: webhook endpoints and harvested catalogues never reach this machine or its network, also
not through numeric host forms, names that resolve there, a DNS answer that changes after the check, or a redirect.

DNS cannot run here, so names are answered by a fake resolver (``cms.outbound._resolve``) with getaddrinfo's
shape; numeric hosts go through the real one. Receivers are real HTTP servers on 127.0.0.1, which the test
settings let through (OUTBOUND_ALLOW_LOOPBACK); tests of loopback itself turn that off.
"""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cms import outbound
from content_models.models import Standard
from content_models.worker.drain import drain
from syndication.models import WebhookAttempt, WebhookEndpoint
from syndication.webhooks import dispatch
from tests import factories
from tests.syndication.webhooks.conftest import ERROR, make_endpoint, partner, receiver  # noqa: F401

pytestmark = pytest.mark.django_db

REFUSED = [
    "http://127.0.0.1/", "http://127.5.6.7:6379/", "http://localhost/", "http://0x7f000001/", "http://2130706433/",
    "http://0177.0.0.1/", "http://127.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
    "http://0.0.0.0/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
    "http://224.0.0.1/", "http://[ff02::1]/", "http://240.0.0.1/", "http://255.255.255.255/", "http://192.0.2.1/",
    "http://[2001:db8::1]/", "http://[2002:7f00:1::]/", "http://[2002:a00:1::1]/", "http://[64:ff9b::a9fe:a9fe]/",
    "http://[::7f00:1]/", "http://[::]/",
]
PUBLIC = ["https://93.184.216.34/", "https://[2606:4700:4700::1111]/", "http://8.8.8.8:8080/katalog.csv"]


@pytest.fixture
def no_loopback(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = False


@pytest.fixture
def dns(monkeypatch):
    """A fake resolver: name -> list of addresses, answered in turn (the last one repeats)."""
    answers: dict[str, list[str]] = {}
    real = outbound._resolve

    def resolve(host, port):
        if host not in answers:
            return real(host, port)
        address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(outbound, "_resolve", resolve)
    return answers


@pytest.mark.parametrize("url", REFUSED)
def test_special_addresses_are_refused_in_every_form(url, no_loopback):
    with pytest.raises(outbound.UnsafeURL):
        outbound.check_url(url)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_addresses_pass(url):
    assert outbound.check_url(url).addresses


@pytest.mark.parametrize("url", ["ftp://93.184.216.34/", "file:///etc/passwd", "gopher://x/", "http:///x", "//x/"])
def test_only_http_urls_with_a_host_pass(url):
    with pytest.raises(outbound.UnsafeURL):
        outbound.check_url(url)


def test_loopback_passes_only_when_the_test_setting_allows_it(settings):
    assert outbound.check_url("http://127.0.0.1:8110/").addresses == ("127.0.0.1",)
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    with pytest.raises(outbound.UnsafeURL, match="loopback"):
        outbound.check_url("http://127.0.0.1:8110/")
    with pytest.raises(outbound.UnsafeURL, match="private"):
        outbound.check_url("http://10.1.2.3/", allow_loopback=True)  # loopback only, never the network


def test_a_name_is_refused_when_any_of_its_addresses_is_not_public(dns):
    dns["intern.example"] = ["10.20.30.40"]
    with pytest.raises(outbound.UnsafeURL, match="intern.example resolves to 10.20.30.40"):
        outbound.check_url("https://intern.example/hook")
    dns["partner.example"] = ["93.184.216.34"]
    assert outbound.check_url("https://partner.example/hook").addresses == ("93.184.216.34",)


# --- webhook endpoints ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook",
                                 "https://intern.example/hook", "https://[::ffff:10.0.0.1]/", "http://localhost/hook",
                                 "https://[::1]:8443/"])
def test_the_admin_refuses_a_webhook_endpoint_into_the_portals_network(admin_client, partner, dns, no_loopback, url):
    dns["intern.example"] = ["192.168.0.10"]
    response = admin_client.post(reverse("webhooks:add"), {"partner": partner.pk, "url": url, "is_active": "on"})
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()
    assert "internt netværk" in str(response.context["form"].errors["url"])


@pytest.mark.parametrize("url", ["https://0x7f000001/hook", "https://2130706433/", "ftp://93.184.216.34/"])
def test_the_admin_refuses_numeric_host_forms_as_invalid(admin_client, partner, no_loopback, url):
    response = admin_client.post(reverse("webhooks:add"), {"partner": partner.pk, "url": url, "is_active": "on"})
    assert response.status_code == 200 and response.context["form"].errors["url"]
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_accepts_a_public_endpoint(admin_client, partner, dns):
    dns["modtager.aarhus.dk"] = ["93.184.216.34"]
    response = admin_client.post(reverse("webhooks:add"), {"partner": partner.pk, "url": "https://modtager.aarhus.dk/hook",
                                                           "is_active": "on"})
    assert response.status_code == 302 and WebhookEndpoint.objects.get().url == "https://modtager.aarhus.dk/hook"


def _endpoint_by_name(partner, receiver, name):
    """An endpoint saved while its name resolved to a public address (as the admin would have checked it)."""
    port = receiver.url.rsplit(":", 1)[1]
    endpoint = WebhookEndpoint.objects.create(partner=partner, url=f"http://{name}:{port}/hook")
    receiver.secrets["/hook"] = endpoint.secret
    return endpoint


def test_delivery_connects_to_the_address_it_checked(partner, receiver, dns):
    dns["partner.example"] = ["127.0.0.1"]  # the system resolver does not know the name: only the checked answer
    _endpoint_by_name(partner, receiver, "partner.example")
    factories.make_guide()
    drain()
    assert dispatch.deliver_due() == {"delivered": 1, "retry": 0, "dead": 0}
    assert len(receiver.received) == 1 and receiver.received[0].headers["Host"].startswith("partner.example")


def test_a_name_rebound_to_an_internal_address_after_saving_is_refused_at_delivery(partner, receiver, dns):
    dns["partner.example"] = ["93.184.216.34", "169.254.169.254"]
    assert outbound.check_url("http://partner.example/hook").addresses == ("93.184.216.34",)  # when it was saved
    _endpoint_by_name(partner, receiver, "partner.example")
    factories.make_guide()
    drain()
    assert dispatch.deliver_due() == {"delivered": 0, "retry": 1, "dead": 0}
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None and attempt.error.startswith("refused: partner.example resolves to 169.254")
    assert receiver.received == []


def test_an_endpoint_on_this_machine_is_refused_at_delivery(make_endpoint, receiver, no_loopback):
    make_endpoint()  # saved without validation, as rows from before the rule are
    factories.make_guide()
    drain()
    assert dispatch.deliver_due()["retry"] == 1
    assert "loopback" in WebhookAttempt.objects.get().error and receiver.received == []


def test_a_failed_attempt_keeps_a_status_line_not_the_receivers_answer(make_endpoint, receiver):
    receiver.behaviour = lambda n: ERROR  # answers 500 with a long body
    make_endpoint()
    factories.make_guide()
    drain()
    dispatch.deliver_due()
    attempt = WebhookAttempt.objects.get()
    assert (attempt.status_code, attempt.error) == (500, "HTTP 500 Internal Server Error")
    assert attempt.delivery.last_error == "HTTP 500 Internal Server Error"


# --- harvest_standards ---------------------------------------------------------------------------------------------

CATALOGUE = b'{"kind":"standard","identifier":"OIOUBL-2.1","title":"OIOUBL 2.1","category":"standard"}\n'


@pytest.fixture
def catalogue_server():
    """Serves the catalogue at /katalog.jsonl and redirects /videre to the Location in ``redirect_to``."""
    state = {"requests": [], "redirect_to": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state["requests"].append(self.path)
            if self.path == "/videre":
                self.send_response(302)
                self.send_header("Location", state["redirect_to"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Content-Length", str(len(CATALOGUE)))
            self.end_headers()
            self.wfile.write(CATALOGUE)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["port"] = server.server_address[1]
    yield state
    server.shutdown()
    server.server_close()


def harvest(source, *args):
    call_command("harvest_standards", source, *args, stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("host", ["127.0.0.1", "0x7f000001", "2130706433", "127.1", "[::ffff:127.0.0.1]"])
def test_harvesting_refuses_this_machine_in_any_form(catalogue_server, no_loopback, host):
    with pytest.raises(CommandError, match=r"^refusing to fetch .*loopback.*give a public address"):
        harvest(f"http://{host}:{catalogue_server['port']}/katalog.jsonl")
    assert catalogue_server["requests"] == [] and not Standard.objects.exists()


def test_a_redirect_into_the_network_is_refused(catalogue_server):
    catalogue_server["redirect_to"] = "http://169.254.169.254/latest/meta-data/"
    with pytest.raises(CommandError, match="refusing to fetch .*169.254.169.254 is a link-local address"):
        harvest(f"http://127.0.0.1:{catalogue_server['port']}/videre")
    assert catalogue_server["requests"] == ["/videre"] and not Standard.objects.exists()


def test_a_file_url_needs_allow_file(tmp_path):
    path = tmp_path / "katalog.jsonl"
    path.write_bytes(CATALOGUE)
    with pytest.raises(CommandError, match="file:// URLs are read only with --allow-file"):
        harvest(path.as_uri())
    with pytest.raises(CommandError, match="--allow-file"):
        harvest("file:///etc/passwd")
    assert not Standard.objects.exists()
    harvest(path.as_uri(), "--allow-file")
    assert Standard.objects.filter(identifier="OIOUBL-2.1", live=True).exists()
