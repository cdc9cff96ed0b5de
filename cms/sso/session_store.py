"""Django's database sessions, with a signed-in citizen's row expiring CITIZEN_SESSION_IDLE_SECONDS after its
last write (cms/sso/citizen.py writes it at most once a minute while the citizen is active), so the encrypted
CPR number is deleted soon after the citizen stops (the worker clears expired sessions). Other sessions (editors)
keep SESSION_COOKIE_AGE (EDITOR_SESSION_HOURS)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from .citizen import SESSION_KEY


class SessionStore(DatabaseSessionStore):
    def get_expiry_date(self, **kwargs):
        if "expiry" in kwargs or SESSION_KEY not in self._get_session():
            return super().get_expiry_date(**kwargs)
        modification = kwargs.get("modification") or timezone.now()
        return modification + timedelta(seconds=settings.CITIZEN_SESSION_IDLE_SECONDS)
