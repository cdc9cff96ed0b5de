"""CPR numbers never reach the search statistics that national editors read, nor a log line: in whatever
notation a citizen types them, and however the search URL carries them."""

import io
import json
import logging

import pytest

from cms.personal_data import redact
from search import analytics
from search.models import QueryStat

pytestmark = pytest.mark.django_db

# The variants, then more: other dashes and spaces, Unicode digits, a full year, percent-encoding.
CPR_VARIANTS = [
    "010190/1234", "010190\u20131234", "010190 - 1234", "cpr 010190_1234", "01.01.90-1234", "01-01-90-1234",
    "0101901234", "010190-1234", "010190 1234", "01 01 90 1234", "01/01/90 1234", "01.01.1990-1234",
    "010190\u20141234", "010190\u20101234", "010190\u00a01234", "\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14",
    "\u0660\u0661\u0660\u0661\u0669\u0660\u0661\u0662\u0663\u0664", "010190%2F1234", "010190+-+1234",
    "0-1-0-1-9-0-1-2-3-4", "0 1 0 1 9 0 1 2 3 4", "01 01 90 12 34", "(010190)1234",
]


def digits_of(text: str) -> str:
    return "".join(ch for ch in redact(text) if ch.isdigit())  # redact() also maps Unicode digits to ASCII


@pytest.mark.parametrize("cpr", CPR_VARIANTS)
def test_a_searched_cpr_number_is_not_stored_in_the_statistics(client, django_capture_on_commit_callbacks, cpr):
    with django_capture_on_commit_callbacks(execute=True):  # the statistics are written after the response
        response = client.get("/soeg/", {"q": f"sygedagpenge {cpr} borger"})
    assert response.status_code == 200
    [stored] = QueryStat.objects.values_list("query", flat=True)
    assert stored in ("sygedagpenge borger", "sygedagpenge cpr borger")


@pytest.mark.parametrize("cpr", CPR_VARIANTS)
def test_statistics_keys_keep_no_cpr_digits(cpr):
    assert not any(ch.isdigit() for ch in analytics.redact(f"borger {cpr} her"))


@pytest.mark.parametrize("cpr", [v for v in CPR_VARIANTS if not v.startswith(("0-1", "0 1 0"))])
def test_log_redaction_masks_every_common_notation(cpr):
    assert digits_of(f"borger {cpr} her") == "" and "[cpr]" in redact(cpr)


@pytest.mark.parametrize("text", ["ordre 12345 på 99 kr", "2024-01-01 12:34:56", "tlf 70 12 13 14",
                                  "side 3 af 10", "postnummer 8000 Aarhus C"])
def test_ordinary_numbers_survive(text):
    assert redact(text) == text


@pytest.fixture
def console(settings):
    """The configured console handler's output (the handler every logger of the product writes to)."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.parametrize("cpr", ["010190%2F1234", "010190+-+1234", "01.01.90-1234", "0101901234"])
def test_the_access_log_line_of_a_search_is_redacted(console, cpr):
    # As runserver logs every request (django.core.servers.basehttp.WSGIRequestHandler.log_message).
    server_log = logging.getLogger("django.server")
    assert server_log.handlers and not server_log.propagate
    server_log.info('"%s" %s %s', f"GET /soeg/?q={cpr} HTTP/1.1", "200", "4312",
                    extra={"request": f"GET /soeg/?q={cpr}", "status_code": 200})
    line = console.getvalue()
    assert "/soeg/?q=[cpr] HTTP/1.1" in line and "1234" not in line


def test_an_error_logged_with_the_request_is_redacted(console, client, monkeypatch):
    from frontend.views import search

    def broken(*args, **kwargs):
        raise RuntimeError("søgningen fejlede")

    monkeypatch.setattr(search.service, "search", broken)
    client.raise_request_exception = False
    assert client.get("/soeg/", {"q": "010190-1234 flytning"}).status_code == 500
    lines = [json.loads(line) for line in console.getvalue().splitlines() if line.startswith("{")]
    assert any(line["logger"] == "django.request" for line in lines)
    assert "1234" not in console.getvalue() and "[cpr]" in console.getvalue()
