from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from cms import session_cleanup

pytestmark = pytest.mark.django_db


def test_the_worker_removes_expired_sessions_at_most_once_an_hour(monkeypatch):
    session_cleanup.schedule.reset()
    now = timezone.now()
    Session.objects.create(session_key="udloebet", session_data="x", expire_date=now - timedelta(minutes=1))
    Session.objects.create(session_key="gyldig", session_data="x", expire_date=now + timedelta(days=1))

    call_command("run_worker", "--once", verbosity=0)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["gyldig"]

    Session.objects.create(session_key="udloebet-igen", session_data="x", expire_date=now - timedelta(minutes=1))
    assert session_cleanup.clear_expired_sessions() == ""  # within the hour: left for the next round
    assert Session.objects.filter(session_key="udloebet-igen").exists()
