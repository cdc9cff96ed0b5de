"""Scheduled publishing and expiry, run by the worker in one transaction per pass."""

from io import StringIO

from django.core.management import call_command
from django.db import transaction


def run_scheduled_publishing() -> str:
    """Publish what is due and unpublish what expired, with their events, all or nothing."""
    out = StringIO()
    with transaction.atomic():
        call_command("publish_scheduled", stdout=out)
    return out.getvalue()
