"""The lifecycle fields every page type carries: owner, review date, last major update and its change note."""

import graphene


def _authority():
    from ..self_service.types import Authority  # the self-service types mix these fields in themselves

    return Authority


def _page(root):
    """The page behind a type's root: a localised value's ``.page``, or the page itself."""
    return getattr(root, "page", root)


class LifecycleFields:
    """Mixed into each page type (Guide, SelfServiceLink, StepByStepGuide, TeachingModule)."""

    last_major_update_at = graphene.DateTime(
        description="When the content last changed in a way that matters to readers ('Sidst opdateret'); the "
        "first publish until then."
    )
    change_note = graphene.String(description="What changed in the last major update, when the editor said so.")
    owner = graphene.Field(_authority, description="The authority that owns the content.")
    review_by = graphene.Date(description="When the owner reviews the content next.")

    @staticmethod
    def resolve_last_major_update_at(root, info):
        return _page(root).last_major_update_at

    @staticmethod
    def resolve_change_note(root, info):
        return _page(root).change_note or None

    @staticmethod
    def resolve_owner(root, info):
        return _page(root).content_owner

    @staticmethod
    def resolve_review_by(root, info):
        return _page(root).review_by


LIFECYCLE_FIELD_NAMES = ("last_major_update_at", "change_note", "owner", "review_by")
