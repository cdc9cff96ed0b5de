"""What one can answer "Var denne side nyttig?" about: every content page and every standard.

A target is named by its content kind and id (the form posts both); only live items are accepted.
"""

from dataclasses import dataclass

from django.urls import reverse

from content_models.kinds import registry
from content_models.models import Standard

KINDS = registry.codes(searchable=True)  # guides, self-service links, step-by-step, teaching modules, standards


@dataclass(frozen=True)
class Target:
    kind: str
    object_id: str
    title: str
    path: str
    language: str
    owner: str = ""  # the responsible authority, where the content names one


def _owner(item) -> str:
    """The authority responsible for the item: its content owner (every page kind), else a self-service link's
    authority, else a standard's owner."""
    for authority in (getattr(item, "content_owner", None), getattr(item, "authority", None)):
        if authority is not None:
            return authority.name
    return getattr(item, "owner", "") if isinstance(item, Standard) else ""


def target_of(kind: str, item) -> Target:
    if isinstance(item, Standard):
        return Target(kind, str(item.pk), item.title, reverse("frontend:standard", args=[item.identifier]), "da",
                      _owner(item))
    # Page.get_url, not .url: a self-service link's own ``url`` field is the external solution's address.
    return Target(kind, str(item.pk), item.title, item.get_url() or "", item.locale.language_code, _owner(item))


def live_target(kind: str, raw_id: str) -> Target | None:
    """The live item a form names, or None (unknown kind, bad id, not published)."""
    if kind not in KINDS or not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18):
        return None
    item = registry.get(kind).model.objects.filter(pk=int(raw_id), live=True).first()
    return target_of(kind, item) if item is not None else None
