"""Writes of local variants, each refused unless the user may edit that place and has the permission.

Every check runs before anything is written, so a refused call leaves neither a
row, a revision nor a publishing event behind.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import publishing
from ..kinds import registry
from ..models import LocalText, LocalTextBase, SelfServiceUrlOverride
from .permissions import require_action, require_place


CONFLICT_MESSAGE = (
    "En anden har gemt dette lokale indhold, efter du åbnede det. Dine ændringer er ikke gemt: genindlæs siden, "
    "se den andens ændring, og gem derefter igen."
)


class EditConflict(ValidationError):
    """Someone saved the same variant after the editor opened it: saving would lose their change."""

    def __init__(self, message=CONFLICT_MESSAGE):
        super().__init__(message)


def _place_ids(municipality, region):
    return (municipality.pk if municipality else None, region.pk if region else None)


def local_text_model_of(item) -> type[LocalTextBase]:
    """The local-text model for a guide, step-by-step guide or teaching module (from the kind registry)."""
    kind = registry.for_model(type(item))
    for variant in registry.variants_of(kind.code) if kind else ():
        if issubclass(variant.model, LocalTextBase):
            return variant.model
    raise ValidationError(f"{type(item)._meta.verbose_name.capitalize()} kan ikke have lokaltekst.")


@transaction.atomic
def save_local_text_on(
    *, user, item, key="", body_html, municipality=None, region=None, publish=False, loaded_revision_id=None
) -> LocalTextBase:
    """Create or update one place's local text under ``item`` (a guide section or a step by ``key``, or a
    teaching module as a whole); publish it if asked.

    ``loaded_revision_id`` is the revision the editor started from: when someone saved a newer one meanwhile,
    EditConflict is raised and nothing is written (no lost update).
    """
    require_place(user, *_place_ids(municipality, region))
    if item is None or item.pk is None or not type(item).objects.filter(pk=item.pk).exists():
        raise ValidationError("Indholdet findes ikke længere (det er slettet); lokalteksten blev ikke gemt.")
    model = local_text_model_of(item)
    identity = {model.localised_field: item, "municipality": municipality, "region": region}
    if model.target_key_field:
        identity[model.target_key_field] = key
    local_text = model.objects.select_for_update().filter(**identity).first() or model(**identity)
    _require_save(user, local_text, publish)
    if local_text.pk is not None and loaded_revision_id is not None:
        latest = local_text.latest_revision_id
        if latest is not None and int(loaded_revision_id) != latest:
            raise EditConflict()
    local_text.body = body_html
    local_text.full_clean()
    _store(local_text, user, publish)
    return local_text


def save_local_text(*, user, guide, section_key, body_html, municipality=None, region=None, publish=False,
                    loaded_revision_id=None) -> LocalText:
    """Create or update the local text of one guide section for one place; publish it if asked."""
    return save_local_text_on(
        user=user, item=guide, key=section_key, body_html=body_html, municipality=municipality, region=region,
        publish=publish, loaded_revision_id=loaded_revision_id,
    )


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
