"""When a national text changes, the local texts under it become outdated until their editors review them.

A publish of a guide, step-by-step guide or teaching module compares each part's text (a section, a step, the
module's body) with the fingerprint stored at the previous publish (NationalText). Every local text under a
changed part, live or draft, gets ``national_changed_at``; it stays outdated until it is published again or its
editor confirms it ("Stadig korrekt").
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..kinds import registry
from ..local_variants.permissions import require_action, require_place
from ..models import LOCAL_TEXT_MODELS, LocalTextBase, NationalText


@dataclass(frozen=True)
class NationalChange:
    page_id: int
    key: str
    at: object  # datetime
    municipality_ids: tuple[int, ...]  # municipalities whose own local texts became outdated


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def local_text_model_for(page) -> type[LocalTextBase] | None:
    """The local-text model of a page's kind (from the kind registry), or None."""
    kind = registry.for_model(type(page))
    if kind is None:
        return None
    for variant in registry.variants_of(kind.code):
        if issubclass(variant.model, LocalTextBase):
            return variant.model
    return None


def record_publish(page) -> list[NationalChange]:
    """Store the published page's national texts; mark local texts under the changed ones outdated."""
    model = local_text_model_for(page)
    if model is None or not hasattr(page, "national_texts"):
        return []
    stored = {row.key: row for row in NationalText.objects.filter(page_id=page.pk)}
    new_rows: list[NationalText] = []
    changes = _record(page, model, stored, timezone.now(), new_rows)
    NationalText.objects.bulk_create(new_rows)
    return changes


def record_publish_many(pages) -> list[tuple[object, list[NationalChange]]]:
    """``record_publish`` for many pages at once (one read, one insert); (page, changes) for pages with changes."""
    pages = [page for page in pages if local_text_model_for(page) is not None and hasattr(page, "national_texts")]
    stored: dict[int, dict] = {}
    for row in NationalText.objects.filter(page_id__in=[page.pk for page in pages]):
        stored.setdefault(row.page_id, {})[row.key] = row
    now, new_rows, result = timezone.now(), [], []
    for page in pages:
        changes = _record(page, local_text_model_for(page), stored.get(page.pk, {}), now, new_rows)
        if changes:
            result.append((page, changes))
    NationalText.objects.bulk_create(new_rows)
    return result


def _record(page, model, stored: dict, now, new_rows: list) -> list[NationalChange]:
    changes = []
    for key, text in page.national_texts().items():
        new_print = fingerprint(text)
        row = stored.get(key)
        if row is None:
            new_rows.append(NationalText(page_id=page.pk, key=key, fingerprint=new_print, changed_at=now))
            continue
        if row.fingerprint == new_print:
            continue
        NationalText.objects.filter(pk=row.pk).update(fingerprint=new_print, changed_at=now)
        texts = model.objects.filter(**{model.localised_field: page.pk})
        if model.target_key_field:
            texts = texts.filter(**{model.target_key_field: key})
        municipality_ids = tuple(texts.exclude(municipality=None).values_list("municipality_id", flat=True))
        if texts.update(national_changed_at=now):
            changes.append(NationalChange(page.pk, key, now, municipality_ids))
    return changes


def mark_reviewed(local_text: LocalTextBase) -> None:
    """The local text was published or confirmed: it is current with the national text again."""
    now = timezone.now()
    type(local_text).objects.filter(pk=local_text.pk).update(reviewed_at=now)
    local_text.reviewed_at = now


def mark_reviewed_many(local_texts: list[LocalTextBase]) -> None:
    """``mark_reviewed`` for many local texts (one update per model)."""
    now = timezone.now()
    by_model: dict[type, list] = {}
    for local_text in local_texts:
        by_model.setdefault(type(local_text), []).append(local_text)
        local_text.reviewed_at = now
    for model, group in by_model.items():
        model.objects.filter(pk__in=[local_text.pk for local_text in group]).update(reviewed_at=now)


def is_local_text(instance) -> bool:
    return isinstance(instance, LOCAL_TEXT_MODELS)


@transaction.atomic
def confirm_still_correct(*, user, local_text: LocalTextBase) -> None:
    """"Stadig korrekt": the editor read the changed national text and the local text stands as it is."""
    require_place(user, local_text.municipality_id, local_text.region_id)
    require_action(user, "change", type(local_text))
    mark_reviewed(local_text)
