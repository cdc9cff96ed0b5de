"""POST /selvbetjening-klik/<id>/: the browser's hyperlink-auditing ping (``<a ping>``) when a citizen follows
"Gå til selvbetjeningen". The link itself goes straight to the solution; no JavaScript, no cookie, no redirect
through the portal. Only counted: no address, session or time of day is kept; rate-limited per address."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from content_models.models import SelfServiceLinkPage
from syndication.limits.rate import client_ip, hit

from .services import count_click

PINGS_PER_MINUTE = 30


@csrf_exempt  # a ping changes nothing but an anonymous counter, and carries no token by design
@require_POST
def click(request, pk: int):
    if request.headers.get("Ping-To") is None and request.body != b"PING":
        return HttpResponse(status=400)
    if not hit(f"ping:{client_ip(request)}", PINGS_PER_MINUTE).allowed:
        return HttpResponse(status=429)
    if SelfServiceLinkPage.objects.live().filter(pk=pk).exists():
        count_click(pk)
    return HttpResponse(status=204)
