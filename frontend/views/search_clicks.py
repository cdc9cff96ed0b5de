"""POST /soeg/klik/?q=...&r=<kind>-<id>: the browser's hyperlink-auditing ping (``<a ping>``) when a citizen follows
a search result. The link itself goes straight to the page. Counted per week only (the query redacted as search
statistics are, the item): no address, session or time of day is kept; rate-limited per address."""

import re

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from search.signals import record_click
from search.types import KINDS
from syndication.limits.rate import client_ip, hit

PINGS_PER_MINUTE = 30
_RESULT = re.compile(r"^(?P<kind>[a-z_]{1,32})-(?P<id>[-\w.]{1,64})$")


@csrf_exempt  # a ping changes nothing but anonymous counters, and carries no token by design
@require_POST
def click(request):
    if request.headers.get("Ping-To") is None and request.body != b"PING":
        return HttpResponse(status=400)
    result = _RESULT.match(request.GET.get("r", ""))
    if result is None or result["kind"] not in KINDS:
        return HttpResponse(status=400)
    if not hit(f"ping:{client_ip(request)}", PINGS_PER_MINUTE).allowed:
        return HttpResponse(status=429)
    record_click(request.GET.get("q", "")[:200], result["kind"], result["id"])
    return HttpResponse(status=204)
