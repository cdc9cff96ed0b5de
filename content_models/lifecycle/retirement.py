"""Unpublishing a page so that its address keeps answering: gone (410) or a redirect (301) to another page.

The change feed gets the unpublish and, for a redirect, a REDIRECTED event naming where partners should go.
"""

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect

from .. import publishing
from ..events import log
from ..events.kinds import subject_of
from ..models import GonePath

GONE, REDIRECT = "gone", "redirect"


def page_path(page) -> str:
    """The page's path on its site, as Wagtail's redirects store it ("/vejledninger/flytning")."""
    url = page.get_url() or page.url_path
    return Redirect.normalise_path(url)


@transaction.atomic
def retire_page(page, *, user, outcome: str, target=None) -> None:
    old_path = page_path(page)
    subject = subject_of(page)
    publishing.unpublish(page, user=user)
    Redirect.objects.filter(old_path=old_path, site=None).delete()
    GonePath.objects.filter(old_path=old_path).delete()
    if outcome == REDIRECT:
        Redirect.objects.create(old_path=old_path, redirect_page=target, is_permanent=True)
        target_subject = subject_of(target.specific)
        if subject is not None and target_subject is not None:
            log.record(page, log.Action.REDIRECTED, details={
                "redirect_to": target_subject.identifier, "redirect_to_kind": target_subject.kind,
            }, subject=subject)
    else:
        GonePath.objects.create(old_path=old_path, title=page.title)


def gone_response_for(path: str):
    """The GonePath for a request path that no page answers, or None."""
    return GonePath.objects.filter(old_path=Redirect.normalise_path(path)).first()
