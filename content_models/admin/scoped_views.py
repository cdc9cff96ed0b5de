"""Snippet views that check the user's permission on the object itself, not only on the model.

Wagtail's generic views check model-level permissions before loading an object;
for local variants that would let a municipal editor open another
municipality's text by its URL. These subclasses refuse that with 403.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

# The views that act on one existing object, and the action each needs on it.
OBJECT_VIEWS = {
    "edit_view_class": "change",
    "delete_view_class": "delete",
    "unpublish_view_class": "publish",
    "revisions_unschedule_view_class": "publish",
    "lock_view_class": "lock",
    "unlock_view_class": "unlock",
    "history_view_class": "change",
    "inspect_view_class": "change",
    "usage_view_class": "change",
    "preview_on_edit_view_class": "change",
    "revisions_view_class": "change",
    "revisions_compare_view_class": "change",
    "copy_view_class": "change",
}


def _scoped(view_class, action):
    class ScopedView(view_class):
        def get_object(self, *args, **kwargs):
            obj = super().get_object(*args, **kwargs)
            if not self.permission_policy.user_has_permission_for_instance(self.request.user, action, obj):
                raise PermissionDenied
            return obj

    ScopedView.__name__ = ScopedView.__qualname__ = f"Scoped{view_class.__name__}"
    return ScopedView


# The actions that make an object visible in the listing and the chooser.
LISTING_ACTIONS = ["add", "change", "delete", "publish"]


def _visible_objects(view):
    policy = policy_registry.get_by_type(view.model_class)
    return policy.instances_user_has_any_permission_for(view.request.user, LISTING_ACTIONS)


class _ScopedChooserObjects:
    """The chooser modal lists and returns only what the listing would show the user.

    Wagtail's chooser reads ``Model.objects.all()``; without this a municipal editor
    could page through every municipality's local texts (drafts included) there.
    """

    def get_object_list(self):
        return _visible_objects(self)

    def get_object(self, pk):
        return _visible_objects(self).get(pk=pk)

    def get_objects(self, pks):
        return _visible_objects(self).filter(pk__in=pks)


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ScopedChooseView", (_ScopedChooserObjects, ChooseView), {})
    choose_results_view_class = type("ScopedChooseResultsView", (_ScopedChooserObjects, ChooseResultsView), {})
    chosen_view_class = type("ScopedChosenView", (_ScopedChooserObjects, SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ScopedChosenMultipleView", (_ScopedChooserObjects, SnippetChosenMultipleView), {}
    )


class ObjectScopedSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose listing, chooser and object views respect instance-level permissions."""

    chooser_viewset_class = ScopedSnippetChooserViewSet

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for attribute, action in OBJECT_VIEWS.items():
            setattr(cls, attribute, _scoped(getattr(cls, attribute), action))

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(request.user, LISTING_ACTIONS)
