"""Draft versions of content for a preview grant, shaped like the live objects the API serves."""

from content_models.models import LocalText
from content_models.selectors import live_local_texts


def preview_page(grant, page):
    """The latest draft of ``page`` when the grant covers it, else None."""
    if grant is None or page is None or not grant.covers(page):
        return None
    return page.get_latest_revision_as_object()


def preview_guide(grant, guide, municipality):
    """The guide as the grant lets it be seen: its draft, or the live guide with one draft local text."""
    if grant is None or guide is None:
        return None
    local_texts = list(live_local_texts(municipality).filter(guide=guide))
    shown = preview_page(grant, guide)
    if shown is None:
        draft_text = LocalText.objects.filter(guide=guide, pk=grant.object_id).first()
        if not (guide.live and draft_text and grant.covers(draft_text)):
            return None
        shown = guide
        local_texts = [t for t in local_texts if t.pk != draft_text.pk] + [draft_text.get_latest_revision_as_object()]
    shown.candidate_local_texts = local_texts
    return shown
