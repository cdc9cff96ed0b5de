"""Which editor groups an SSO login gives, decided from the organisation's CVR and the employee's privileges, and
the audit trail of every decision (docs/sso-roles.md has the rules for operators).

- The CVR picks the place: a CVR in SSO_NATIONAL_CVRS gives "Nationale redaktører"; the CVR of an authority with
  a municipality gives that municipality's "Kommuneredaktører" group; anything else is refused.
- The privilege decides whether the employee is an editor at all: when SSO_EDITOR_PRIVILEGE is set, the
  organisation must have given it to them (NemLog-in's privilege attribute, scoped to that CVR); without it the
  login is refused. SSO_APPROVER_PRIVILEGE, when set, also gives a national editor "Nationale godkendere".
Each decision (granted or refused, and the groups granted or removed) is one EditorRoleDecision row and one log
line without personal data.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group

from cms.models import EditorRoleDecision
from content_models.models import Authority
from content_models.roles import NATIONAL_APPROVERS, NATIONAL_EDITORS, ensure_municipal_group

from .errors import SSOError
from .identity import ProfessionalIdentity

logger = logging.getLogger("cms.sso")


@dataclass(frozen=True)
class RoleDecision:
    groups: list[Group]
    reason: str  # "national_cvr" or "municipality_cvr"
    editor_privilege: bool | None  # None: not required
    approver_privilege: bool | None
    public_cvr: str = field(default="", repr=False)  # the CVR when it is an authority's or a national one


def _privilege(identity: ProfessionalIdentity, setting: str) -> bool | None:
    wanted = getattr(settings, setting)
    return (wanted in identity.privileges) if wanted else None


def place_group(cvr: str) -> tuple[Group, str]:
    """The editor group the CVR gives, and why; SSOError when it gives none."""
    if cvr in settings.SSO_NATIONAL_CVRS:
        return Group.objects.get(name=NATIONAL_EDITORS), "national_cvr"
    municipalities = {
        authority.municipality
        for authority in Authority.objects.filter(cvr=cvr, municipality__isnull=False).select_related(
            "municipality__editor_group"
        )
    }
    if not municipalities:
        raise SSOError("unknown_organisation")
    if len(municipalities) > 1:
        raise SSOError("ambiguous_organisation")
    municipality = municipalities.pop()
    return municipality.editor_group or ensure_municipal_group(municipality), "municipality_cvr"


def decide(identity: ProfessionalIdentity) -> RoleDecision:
    editor_privilege = _privilege(identity, "SSO_EDITOR_PRIVILEGE")
    approver_privilege = _privilege(identity, "SSO_APPROVER_PRIVILEGE")
    if editor_privilege is False:
        raise SSOError("no_editor_privilege")
    group, reason = place_group(identity.cvr)
    groups = [group]
    if approver_privilege and reason == "national_cvr":
        groups.append(Group.objects.get(name=NATIONAL_APPROVERS))
    return RoleDecision(groups, reason, editor_privilege, approver_privilege, public_cvr=identity.cvr)


def managed_groups():
    """The groups SSO hands out and takes back; hand-assigned ones stay (approvers too, unless SSO decides them)."""
    managed = Group.objects.filter(name=NATIONAL_EDITORS) | Group.objects.filter(editor_municipality__isnull=False)
    if settings.SSO_APPROVER_PRIVILEGE:
        managed |= Group.objects.filter(name=NATIONAL_APPROVERS)
    return managed


def record_granted(identity: ProfessionalIdentity, decision: RoleDecision, user, removed: list[Group]) -> None:
    _record(identity, EditorRoleDecision.Outcome.GRANTED, decision.reason, user=user, cvr=decision.public_cvr,
            editor_privilege=decision.editor_privilege, approver_privilege=decision.approver_privilege,
            granted=[g.name for g in decision.groups], removed=[g.name for g in removed])


def record_refused(identity: ProfessionalIdentity, reason: str, user=None) -> None:
    known = identity.cvr in settings.SSO_NATIONAL_CVRS or Authority.objects.filter(cvr=identity.cvr).exists()
    _record(identity, EditorRoleDecision.Outcome.REFUSED, reason, user=user, cvr=identity.cvr if known else "",
            editor_privilege=_privilege(identity, "SSO_EDITOR_PRIVILEGE"),
            approver_privilege=_privilege(identity, "SSO_APPROVER_PRIVILEGE"), granted=[], removed=[])


def _record(identity, outcome, reason, *, user, cvr, editor_privilege, approver_privilege, granted, removed):
    EditorRoleDecision.objects.create(
        source=identity.source[:64], user=user, organisation_cvr=cvr, editor_privilege=editor_privilege,
        approver_privilege=approver_privilege, outcome=outcome, reason=reason[:64], granted_groups=granted,
        removed_groups=removed,
    )
    logger.info(
        "editor role decision: %s (%s)", outcome, reason,
        extra={"sso_source": identity.source, "sso_role_outcome": str(outcome), "sso_role_reason": reason,
               "sso_user_id": getattr(user, "pk", None), "sso_groups_granted": len(granted),
               "sso_groups_removed": len(removed), "sso_editor_privilege": editor_privilege},
    )
