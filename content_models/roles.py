"""Editorial groups: national editors and approvers, and one editor group per municipality.

National editors write everything but publish pages only through the review
workflow, which national approvers complete. A municipality's editors may
create, edit and publish local variants of their own municipality, nothing else.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .local_variants.permissions import ALL_PLACES_PERMISSION
from .models import LOCAL_TEXT_MODELS, Authority, Municipality, SelfServiceUrlOverride, Standard, Topic

NATIONAL_EDITORS = "Nationale redaktører"
NATIONAL_APPROVERS = "Nationale godkendere"
REVIEW_WORKFLOW = "National redaktionel godkendelse"
REVIEW_TASK = "Godkendelse af nationalt indhold"

# Local texts for guide sections, steps and teaching modules, and local eService addresses.
LOCAL_VARIANT_MODELS = (*LOCAL_TEXT_MODELS, SelfServiceUrlOverride)
SNIPPET_ACTIONS = ("add", "change", "delete")
VARIANT_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock")


def municipal_group_name(municipality: Municipality) -> str:
    return f"Kommuneredaktører: {municipality.name} ({municipality.code})"


def _model_permissions(model, actions) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _app_permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _all_places_permission() -> Permission:
    return _app_permission(ALL_PLACES_PERMISSION)


def _grant_pages(group: Group, codenames) -> None:
    root = Page.get_first_root_node()
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=_app_permission(f"wagtailcore.{codename}")
        )


def _grant_collections(group: Group) -> None:
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        for action in ("add", "change", "choose"):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=_app_permission(f"{app}.{action}_{model}")
            )


# Permissions other apps give national editors and approvers ("search.add_synonym", ...), registered
# from their AppConfig.ready(), so that setting the groups' permissions here keeps them.
NATIONAL_EXTRA_PERMISSIONS: list[str] = []


def register_national_permissions(*dotted: str) -> None:
    NATIONAL_EXTRA_PERMISSIONS.extend(p for p in dotted if p not in NATIONAL_EXTRA_PERMISSIONS)


def _national_permissions(publish: bool) -> list[Permission]:
    permissions = [_app_permission("wagtailadmin.access_admin"), _all_places_permission()]
    permissions += [_app_permission(dotted) for dotted in NATIONAL_EXTRA_PERMISSIONS]
    for model in (Topic, Authority):
        permissions += _model_permissions(model, SNIPPET_ACTIONS)
    actions = VARIANT_ACTIONS if publish else ("add", "change", "delete", "lock", "unlock")
    for model in (*LOCAL_VARIANT_MODELS, Standard):
        permissions += _model_permissions(model, actions)
    return permissions


def _ensure_review_workflow(approvers: Group) -> None:
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def ensure_municipal_group(municipality: Municipality) -> Group:
    """The municipality's editor group, created on first need and kept in step with its name."""
    name = municipal_group_name(municipality)
    # A group that lost its link (editor_group set to NULL by hand, a restored dump) is
    # adopted again by its name rather than duplicated, which Group.name forbids anyway.
    group = (
        municipality.editor_group
        or Group.objects.filter(name=name, editor_municipality__isnull=True).first()
        or Group(name=name)
    )
    group.name = name
    group.save()
    if municipality.editor_group_id != group.pk:
        municipality.editor_group = group
        municipality.save(update_fields=["editor_group"])
    permissions = [_app_permission("wagtailadmin.access_admin")]
    for model in LOCAL_VARIANT_MODELS:
        permissions += _model_permissions(model, VARIANT_ACTIONS)
    group.permissions.set(permissions)
    return group


@transaction.atomic
def ensure_editorial_groups() -> None:
    editors, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    editors.permissions.set(_national_permissions(publish=False))
    _grant_pages(editors, ("add_page", "change_page", "lock_page"))
    _grant_collections(editors)

    approvers, _ = Group.objects.get_or_create(name=NATIONAL_APPROVERS)
    approvers.permissions.set(_national_permissions(publish=True))
    _grant_pages(approvers, ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"))
    _grant_collections(approvers)

    _ensure_review_workflow(approvers)
    for municipality in Municipality.objects.select_related("editor_group"):
        ensure_municipal_group(municipality)
