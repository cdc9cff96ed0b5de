"""E-mail to a municipality's editors when the national text under their local text changes.

The dashboard always shows the notice; the e-mail is sent only where LOCAL_TEXT_NOTICE_FROM is configured, after
the publish has committed (a rolled-back publish sends nothing).
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction

from .national_changes import NationalChange

logger = logging.getLogger(__name__)


def notify_municipal_editors(page, changes: Sequence[NationalChange]) -> None:
    sender = settings.LOCAL_TEXT_NOTICE_FROM
    municipality_ids = {pk for change in changes for pk in change.municipality_ids}
    if not sender or not municipality_ids:
        return
    recipients = sorted(set(
        get_user_model().objects.filter(
            is_active=True, groups__editor_municipality__in=municipality_ids
        ).exclude(email="").values_list("email", flat=True)
    ))
    if not recipients:
        return
    subject = f"Den nationale tekst er ændret: {page.title}"
    body = (
        f"Den nationale tekst i »{page.title}« er ændret, og jeres lokaltekst står nu som forældet.\n\n"
        f"Læs ændringen og ret lokalteksten, eller bekræft at den stadig er korrekt:\n"
        f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/\n"
    )
    messages = [(subject, body, sender, [address]) for address in recipients]

    def send():
        try:
            send_mass_mail(messages, fail_silently=False)
        except OSError as exc:  # the dashboard still shows the notice
            logger.warning("outdated local text notice not sent: %s", exc)

    transaction.on_commit(send)
