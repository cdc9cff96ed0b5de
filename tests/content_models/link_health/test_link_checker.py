import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from content_models.link_health.addresses import RefusedAddress, resolve_public
from content_models.link_health.services import run_checks
from content_models.models import LinkCheck, LinkStatus, Municipality
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_local(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_TIMEOUT = 1.0
    return settings


def links_to(site, *paths):
    for index, path in enumerate(paths):
        factories.make_self_service_link(slug=f"link-{index}", title=f"Link {index}", url=f"{site.base_url}{path}")


def states():
    return {status.url.rsplit("/", 1)[1]: (status.state, status.http_status) for status in LinkStatus.objects.all()}


def test_each_answer_gets_its_state_and_a_hanging_host_cannot_hold_the_run(site, allow_local):
    links_to(site, "/ok", "/moved", "/missing", "/error", "/hang", "/no-head")
    started = time.monotonic()
    report = run_checks(budget_seconds=4)
    elapsed = time.monotonic() - started
    assert elapsed < 4 + 1.0  # the hang costs one time-out (1 s), never the server's 30 s
    assert states() == {
        "ok": ("OK", 200), "moved": ("REDIRECTED", 200), "missing": ("BROKEN", 404), "error": ("BROKEN", 500),
        "hang": ("UNREACHABLE", None), "no-head": ("OK", 200),
    }
    assert report.checked == 6
    # HEAD first; GET only where HEAD is refused; a user agent that says who is asking.
    assert ("HEAD", "/ok") in {(method, path) for method, path, _ in site.requests}
    assert ("GET", "/ok") not in {(method, path) for method, path, _ in site.requests}
    assert ("GET", "/no-head") in {(method, path) for method, path, _ in site.requests}
    assert all(agent.startswith("BorgerportalenLinkChecker/") for _, _, agent in site.requests)


def test_a_run_out_of_budget_leaves_the_rest_for_the_next_run(site, allow_local):
    links_to(site, "/hang", "/hang?2", "/hang?3", "/ok")
    allow_local.LINK_CHECK_PER_HOST = 1  # one at a time: the hangs use up the budget before /ok's turn
    started = time.monotonic()
    report = run_checks(budget_seconds=1.5)
    assert time.monotonic() - started < 3.0
    assert report.left_for_later >= 1
    assert LinkStatus.objects.filter(state="UNCHECKED", next_check_at__isnull=True).exists()


def test_a_host_stuck_in_dns_cannot_hold_the_run(site, allow_local, monkeypatch):
    import socket

    from content_models.link_health import addresses

    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "stuck.example":  # a resolver that does not answer (no internet, a dead DNS server)
            time.sleep(4)
            raise socket.gaierror("timed out")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(addresses.socket, "getaddrinfo", resolver)
    links_to(site, "/ok")
    factories.make_self_service_link(slug="stuck", title="Stuck", url="http://stuck.example/")
    started = time.monotonic()
    report = run_checks(budget_seconds=1)
    assert time.monotonic() - started < 2.0  # the budget and the grace, not the resolver's 4 s
    assert report.checked == 1 and report.left_for_later == 1
    assert LinkStatus.objects.get(url="http://stuck.example/").state == "UNCHECKED"


def test_at_most_two_requests_at_once_to_one_host(site, allow_local):
    links_to(site, *[f"/slow?{n}" for n in range(6)])
    run_checks(budget_seconds=10)
    assert site.max_active <= 2
    assert LinkStatus.objects.filter(state="OK").count() == 6


def test_failing_links_are_checked_again_ever_later_and_keep_a_history(site, allow_local):
    links_to(site, "/missing", "/ok")
    run_checks(budget_seconds=5)
    broken = LinkStatus.objects.get(url__endswith="/missing")
    first_wait = broken.next_check_at - broken.checked_at
    LinkStatus.objects.update(next_check_at=timezone.now() - timedelta(seconds=1))
    run_checks(budget_seconds=5)
    broken.refresh_from_db()
    assert broken.failures == 2
    assert broken.next_check_at - broken.checked_at == 2 * first_wait == timedelta(hours=2)
    ok = LinkStatus.objects.get(url__endswith="/ok")
    assert ok.next_check_at - ok.checked_at == timedelta(hours=24)
    assert list(LinkCheck.objects.filter(link=broken).values_list("http_status", flat=True)) == [404, 404]


def test_loopback_and_private_addresses_are_refused_without_the_test_setting(site, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    links_to(site, "/ok")
    run_checks(budget_seconds=3)
    status = LinkStatus.objects.get()
    assert (status.state, status.http_status) == ("UNREACHABLE", None)
    assert "afvist" in status.error
    assert site.requests == []  # the server never heard from the checker
    for host in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "localhost"):
        with pytest.raises(RefusedAddress):
            resolve_public(host, 80, allow_private=False)


def test_municipal_urls_and_links_in_rich_text_are_checked_too(site, allow_local):
    link = factories.make_self_service_link(url=f"{site.base_url}/ok")
    factories.make_url_override(link, municipality=Municipality.objects.get(code="751"), url=f"{site.base_url}/error")
    guide = factories.make_guide(sections=[("anmeld", "Anmeld", f'<p><a href="{site.base_url}/missing">Læs</a></p>')])
    factories.make_local_text(guide, municipality=Municipality.objects.get(code="751"),
                              body=f'<p><a href="{site.base_url}/moved">Aarhus</a></p>')
    factories.make_guide(slug="kladde", live=False, sections=[("a", "A", f'<p><a href="{site.base_url}/hang">x</a></p>')])
    run_checks(budget_seconds=5)
    assert states() == {
        "ok": ("OK", 200), "error": ("BROKEN", 500), "missing": ("BROKEN", 404), "moved": ("REDIRECTED", 200),
    }  # the draft's link is not checked


def test_check_links_command_and_the_worker_run_the_checker(site, allow_local, capsys):
    allow_local.LINK_CHECK_SCHEDULED = True
    links_to(site, "/ok", "/missing")
    call_command("check_links", "--once", "--budget", "5")
    assert "2 of 2 links checked" in capsys.readouterr().out
    LinkStatus.objects.all().delete()
    call_command("run_worker", "--once")
    assert "link check: 2 of 2 links checked" in capsys.readouterr().out
    call_command("run_worker", "--once")  # the next pass within LINK_CHECK_RUN_MINUTES does not run it again
    assert "link check" not in capsys.readouterr().out
