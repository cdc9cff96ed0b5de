"""A signed-in citizen's session is short: this middleware ends it at its time-outs and notes activity.

The rules are in cms.sso.citizen (``Citizen.expired``, ``keep_alive``); the session store
(cms/sso/session_store.py) lets the database row holding the encrypted CPR number expire with them.
"""

from django.conf import settings
from django.contrib import messages

from .citizen import keep_alive

TIMED_OUT = "Du er logget ud, fordi du ikke har brugt portalen et stykke tid. Log ind igen, hvis du vil fortsætte."


class CitizenSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request that brings a session cookie reads the session (partners' API calls stay Vary-free).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and keep_alive(request) == "expired":
            messages.info(request, TIMED_OUT)
        return self.get_response(request)
