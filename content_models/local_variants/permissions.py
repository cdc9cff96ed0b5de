"""Who may touch which local variant: national staff everywhere, municipal editors at home only."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..models.geography import Municipality

ALL_PLACES_PERMISSION = "content_models.edit_all_local_variants"


def has_all_places(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(ALL_PLACES_PERMISSION)))


def editable_municipality_ids(user) -> set[int] | None:
    """Municipality ids the user edits through their groups; None means every place."""
    if has_all_places(user):
        return None
    if not (user and user.is_active and user.is_authenticated):
        return set()
    return set(Municipality.objects.filter(editor_group__user=user).values_list("pk", flat=True))


def can_edit_place(user, municipality_id: int | None, region_id: int | None) -> bool:
    allowed = editable_municipality_ids(user)
    if allowed is None:
        return True
    # Region-wide texts affect several municipalities, so only national staff edit them.
    return region_id is None and municipality_id in allowed


def require_place(user, municipality_id: int | None, region_id: int | None) -> None:
    """Raise PermissionDenied unless ``user`` may edit variants of that place. user=None is the system."""
    if user is None:
        return
    if not can_edit_place(user, municipality_id, region_id):
        raise PermissionDenied("Du kan kun redigere lokalt indhold for din egen kommune.")


ACTION_LABELS = {"add": "oprette", "change": "redigere", "delete": "slette", "publish": "publicere"}


def require_action(user, action: str, model) -> None:
    """Raise PermissionDenied unless ``user``'s groups allow ``action`` on ``model``. user=None is the system.

    The place check alone is not enough: national editors edit every place but may
    not publish local variants (only approvers and municipal editors may), exactly
    as in the admin.
    """
    if user is None:
        return
    if not LocalVariantPermissionPolicy(model).user_has_permission(user, action):
        raise PermissionDenied(f"Du har ikke rettighed til at {ACTION_LABELS.get(action, action)} lokalt indhold.")


class LocalVariantPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from the user's groups, narrowed to the places the user edits."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_edit_place(
            user, instance.municipality_id, instance.region_id
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        allowed = editable_municipality_ids(user)
        if allowed is None:
            return queryset
        return queryset.filter(municipality_id__in=allowed, region__isnull=True)


def register_policies() -> None:
    from ..models import LOCAL_TEXT_MODELS, SelfServiceUrlOverride

    for model in (*LOCAL_TEXT_MODELS, SelfServiceUrlOverride):
        register_permission_policy(model, LocalVariantPermissionPolicy(model))
