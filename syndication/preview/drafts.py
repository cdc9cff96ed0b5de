"""Draft versions of content for a preview grant, shaped like the live objects the API serves."""

from content_models.local_variants.selectors import LocalisedGuide, localise_guide
from content_models.models import LocalText


def preview_page(grant, page):
    """The latest draft of ``page`` when the grant covers it, else None."""
    if grant is None or page is None or not grant.covers(page):
        return None
    return page.get_latest_revision_as_object()


def preview_guide(grant, guide, municipality, *, with_links: bool = False) -> LocalisedGuide | None:
    """The guide as the grant lets it be seen: its draft with the live local texts, or the live guide with one
    draft local text. None when the grant covers neither."""
    if grant is None or guide is None:
        return None
    shown = preview_page(grant, guide)
    if shown is not None:
        return localise_guide(shown, municipality, with_links=with_links)
    draft_text = LocalText.objects.filter(guide=guide, pk=grant.object_id).first()
    if not (guide.live and draft_text and grant.covers(draft_text)):
        return None
    return localise_guide(
        guide, municipality, with_links=with_links, draft_local_text=draft_text.get_latest_revision_as_object()
    )
