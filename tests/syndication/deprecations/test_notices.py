"""Before a sunset the partner's contact is told, in Danish, which deprecated fields its keys still use."""

import dataclasses
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from syndication.deprecations import notices, usage
from syndication.graphql.core.deprecations import DEPRECATIONS
from syndication.models import DeprecationNotice, Partner
from syndication.partners.keys import issue_key

pytestmark = pytest.mark.django_db

SUNSET = DEPRECATIONS[0].sunset
FIELD = DEPRECATIONS[0].coordinate


def used(partner, times=1, day=None, name="Hjemmeside"):
    key, _ = issue_key(partner, name=name)
    moment = timezone.make_aware(timezone.datetime.combine(day or SUNSET - timedelta(55), timezone.datetime.min.time()))
    for _ in range(times):
        usage.record(key, {FIELD}, now=moment)
    return key


@pytest.fixture
def aarhus(db):
    return Partner.objects.create(name="Aarhus Kommune", slug="aarhus", contact_email="web@aarhus.example")


def test_a_partner_that_used_the_field_is_told_60_and_14_days_before_and_only_once_each(aarhus):
    used(aarhus, times=3)
    assert notices.send_due_notices(SUNSET - timedelta(61)) == 0  # not yet
    assert notices.send_due_notices(SUNSET - timedelta(50)) == 1
    [message] = mail.outbox
    assert message.to == ["web@aarhus.example"]
    assert message.subject == "Borgerportalens API: 1 felt, som Aarhus Kommune bruger, udfases snart"
    assert "Municipality.code4: udfases 30. juni 2027" in message.body
    assert "Brugt i 3 forespørgsler" in message.body and "Brug feltet code" in message.body
    assert "FIELD_SUNSET" in message.body
    assert notices.send_due_notices(SUNSET - timedelta(49)) == 0  # told already at this stage
    assert notices.send_due_notices(SUNSET - timedelta(10)) == 0  # no use in the last 30 days: stopped using it
    used(aarhus, day=SUNSET - timedelta(20))
    assert notices.send_due_notices(SUNSET - timedelta(10)) == 1
    assert len(mail.outbox) == 2 and "om 14 dage eller færre" in mail.outbox[1].body
    assert notices.send_due_notices(SUNSET) == 0 and len(mail.outbox) == 2  # from the sunset on: the API says it
    assert sorted(DeprecationNotice.objects.values_list("days_before", flat=True)) == [14, 60]


def test_nobody_is_told_without_recent_use_or_a_contact(aarhus):
    used(aarhus, day=SUNSET - timedelta(95))  # longer ago than LOOKBACK_DAYS
    quiet = Partner.objects.create(name="Uden kontakt", slug="uden-kontakt")
    used(quiet)
    assert notices.send_due_notices(SUNSET - timedelta(50)) == 0
    assert mail.outbox == [] and not DeprecationNotice.objects.exists()


def test_a_failing_mail_server_leaves_the_notice_for_the_next_run(aarhus, settings, monkeypatch):
    used(aarhus)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(notices, "send_mail", refuse)
    assert notices.send_due_notices(SUNSET - timedelta(50)) == 0
    assert not DeprecationNotice.objects.exists()
    monkeypatch.undo()
    assert notices.send_due_notices(SUNSET - timedelta(50)) == 1


def test_the_worker_sends_them_at_most_once_an_hour(aarhus, monkeypatch):
    soon = dataclasses.replace(DEPRECATIONS[0], sunset=timezone.localdate() + timedelta(30))
    monkeypatch.setattr(notices, "DEPRECATIONS", (soon,))
    notices.schedule.reset()
    used(aarhus, day=timezone.localdate())
    call_command("run_worker", "--once", stdout=None)
    assert len(mail.outbox) == 1 and "om 60 dage eller færre" in mail.outbox[0].body
    DeprecationNotice.objects.all().delete()
    call_command("run_worker", "--once", stdout=None)
    assert len(mail.outbox) == 1  # within the hour: not looked at again
