"""Writes of local variants, each refused unless the user may edit that place and has the permission.

Every check runs before anything is written, so a refused call leaves neither a
row, a revision nor a publishing event behind.
"""

from django.db import transaction

from .. import publishing
from ..models import LocalText, SelfServiceUrlOverride
from .permissions import require_action, require_place


def _place_ids(municipality, region):
    return (municipality.pk if municipality else None, region.pk if region else None)


@transaction.atomic
def save_local_text(*, user, guide, section_key, body_html, municipality=None, region=None, publish=False) -> LocalText:
    """Create or update the local text of one guide section for one place; publish it if asked."""
    require_place(user, *_place_ids(municipality, region))
    local_text = LocalText.objects.filter(
        guide=guide, section_key=section_key, municipality=municipality, region=region
    ).first() or LocalText(guide=guide, section_key=section_key, municipality=municipality, region=region)
    _require_save(user, local_text, publish)
    local_text.body = body_html
    local_text.full_clean()
    _store(local_text, user, publish)
    return local_text


@transaction.atomic
def save_url_override(*, user, link, url, municipality=None, region=None, publish=False) -> SelfServiceUrlOverride:
    """Create or update a place's own address for an eService; publish it if asked."""
    require_place(user, *_place_ids(municipality, region))
    override = SelfServiceUrlOverride.objects.filter(link=link, municipality=municipality, region=region).first() or (
        SelfServiceUrlOverride(link=link, municipality=municipality, region=region)
    )
    _require_save(user, override, publish)
    override.url = url
    override.full_clean()
    _store(override, user, publish)
    return override


def _require_save(user, variant, publish):
    require_action(user, "add" if variant.pk is None else "change", type(variant))
    if publish:
        require_action(user, "publish", type(variant))


def _store(variant, user, publish):
    if variant.pk is None:
        variant.live = False
        variant.save()
    if publish:
        publishing.publish(variant, user=user)
    else:
        publishing.save_draft(variant, user=user)


def publish_variant(*, user, variant) -> None:
    require_place(user, variant.municipality_id, variant.region_id)
    require_action(user, "publish", type(variant))
    publishing.publish(variant, user=user)


def unpublish_variant(*, user, variant) -> None:
    require_place(user, variant.municipality_id, variant.region_id)
    require_action(user, "publish", type(variant))
    publishing.unpublish(variant, user=user)


def delete_variant(*, user, variant) -> None:
    require_place(user, variant.municipality_id, variant.region_id)
    require_action(user, "delete", type(variant))
    publishing.delete(variant, user=user)
