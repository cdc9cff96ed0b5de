"""Editorial groups: the national groups, one editor group per municipality, and idempotent setup."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content_models.models import Municipality
from content_models.roles import (
    NATIONAL_APPROVERS,
    NATIONAL_EDITORS,
    REVIEW_TASK,
    REVIEW_WORKFLOW,
    ensure_editorial_groups,
    municipal_group_name,
)

pytestmark = pytest.mark.django_db

# Every kind of local variant (local text for a guide section, a step, a module; a local eService address).
LOCAL_VARIANTS = ("localtext", "steplocaltext", "modulelocaltext", "selfserviceurloverride")
MUNICIPAL_PERMISSIONS = {
    "wagtailadmin.access_admin",
    *(
        f"content_models.{action}_{model}"
        for model in LOCAL_VARIANTS for action in ("add", "change", "delete", "publish", "lock", "unlock")
    ),
}


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def page_codenames(group):
    return set(GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True))


def snapshot():
    """Row counts of everything ensure_editorial_groups() writes."""
    return {
        "groups": Group.objects.count(),
        "group_permissions": Group.permissions.through.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "tasks": Task.objects.count(),
        "task_groups": GroupApprovalTask.groups.through.objects.count(),
        "workflows": Workflow.objects.count(),
        "workflow_tasks": WorkflowTask.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
    }


def test_every_one_of_the_98_municipalities_has_its_own_editor_group():
    municipalities = list(Municipality.objects.select_related("editor_group"))
    assert len(municipalities) == 98
    assert all(m.editor_group is not None for m in municipalities)
    assert len({m.editor_group_id for m in municipalities}) == 98
    for municipality in municipalities:
        assert municipality.editor_group.name == municipal_group_name(municipality)
    assert Group.objects.filter(name__startswith="Kommuneredaktører: ").count() == 98


def test_municipal_group_names_carry_name_and_code():
    copenhagen = Municipality.objects.get(code="101")
    assert copenhagen.editor_group.name == "Kommuneredaktører: København (101)"
    assert Municipality.objects.get(code="751").editor_group.name == "Kommuneredaktører: Aarhus (751)"


def test_every_municipal_group_has_exactly_the_local_variant_permissions():
    for municipality in Municipality.objects.select_related("editor_group"):
        group = municipality.editor_group
        assert codenames(group) == MUNICIPAL_PERMISSIONS, municipality.code
        # No national content: no page tree, no media, no edit-all-places permission.
        assert not GroupPagePermission.objects.filter(group=group).exists()
        assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_national_editors_edit_pages_but_cannot_publish_them():
    editors = Group.objects.get(name=NATIONAL_EDITORS)
    assert page_codenames(editors) == {"add_page", "change_page", "lock_page"}
    assert GroupPagePermission.objects.get(group=editors, permission__codename="change_page").page_id == (
        Page.get_first_root_node().pk
    )
    permissions = codenames(editors)
    assert "content_models.edit_all_local_variants" in permissions
    assert {"content_models.change_topic", "content_models.change_authority", "content_models.change_standard"} <= (
        permissions
    )
    assert not {p for p in permissions if p.split(".")[1].startswith("publish_")}


def test_national_approvers_publish_and_approve():
    approvers = Group.objects.get(name=NATIONAL_APPROVERS)
    assert page_codenames(approvers) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    assert {
        "content_models.edit_all_local_variants",
        "content_models.publish_localtext",
        "content_models.publish_selfserviceurloverride",
        "content_models.publish_standard",
    } <= codenames(approvers)


def test_the_review_workflow_is_attached_to_the_root_with_the_approvers_task():
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
    assert workflow.active
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    tasks = [t.specific for t in workflow.tasks.all()]
    assert [t.name for t in tasks] == [REVIEW_TASK]
    assert isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.values_list("name", flat=True)) == [NATIONAL_APPROVERS]


def test_rerunning_setup_writes_no_duplicate_rows():
    before = snapshot()
    permissions_before = {g.name: codenames(g) for g in Group.objects.all()}
    ensure_editorial_groups()
    ensure_editorial_groups()
    assert snapshot() == before
    assert {g.name: codenames(g) for g in Group.objects.all()} == permissions_before
    assert Workflow.objects.filter(name=REVIEW_WORKFLOW).count() == 1
    assert GroupApprovalTask.objects.filter(name=REVIEW_TASK).count() == 1


def test_rerunning_setup_repairs_a_municipal_group():
    copenhagen = Municipality.objects.get(code="101")
    group = copenhagen.editor_group
    group.permissions.add(Permission.objects.get(codename="change_topic"))
    group.permissions.remove(Permission.objects.get(codename="publish_localtext"))
    ensure_editorial_groups()
    copenhagen.refresh_from_db()
    assert copenhagen.editor_group_id == group.pk
    assert codenames(copenhagen.editor_group) == MUNICIPAL_PERMISSIONS


def test_a_deleted_municipal_group_is_created_again_and_relinked():
    copenhagen = Municipality.objects.get(code="101")
    copenhagen.editor_group.delete()
    copenhagen.refresh_from_db()
    assert copenhagen.editor_group is None
    ensure_editorial_groups()
    copenhagen.refresh_from_db()
    assert copenhagen.editor_group.name == "Kommuneredaktører: København (101)"
    assert codenames(copenhagen.editor_group) == MUNICIPAL_PERMISSIONS
    assert Group.objects.filter(name__startswith="Kommuneredaktører: ").count() == 98


def test_an_unlinked_group_with_the_municipal_name_is_adopted_not_duplicated():
    copenhagen = Municipality.objects.get(code="101")
    group = copenhagen.editor_group
    Municipality.objects.filter(pk=copenhagen.pk).update(editor_group=None)
    ensure_editorial_groups()
    copenhagen.refresh_from_db()
    assert copenhagen.editor_group_id == group.pk
    assert Group.objects.filter(name=municipal_group_name(copenhagen)).count() == 1


def test_a_renamed_municipality_keeps_its_group_under_the_new_name():
    copenhagen = Municipality.objects.get(code="101")
    group_id = copenhagen.editor_group_id
    copenhagen.name = "Københavns Kommune"
    copenhagen.save()
    ensure_editorial_groups()
    copenhagen.refresh_from_db()
    assert copenhagen.editor_group_id == group_id
    assert copenhagen.editor_group.name == "Kommuneredaktører: Københavns Kommune (101)"


def test_a_new_municipality_gets_a_group_when_setup_runs():
    region = Municipality.objects.get(code="101").region
    new = Municipality.objects.create(code="999", name="Testkommune", region=region)
    ensure_editorial_groups()
    new.refresh_from_db()
    assert new.editor_group.name == "Kommuneredaktører: Testkommune (999)"
    assert codenames(new.editor_group) == MUNICIPAL_PERMISSIONS
