"""Editors from SSO: one Wagtail user per persistent identifier, in the editor groups cms/sso/roles.py decides.

The organisation's CVR and the employee's privileges decide the groups on every login (roles.py). Those
SSO-managed groups are replaced at each login (someone who changed employer loses the old group); groups an
administrator added by hand (e.g. "Nationale godkendere", unless SSO_APPROVER_PRIVILEGE makes SSO decide it)
are kept. An unknown CVR is refused, and so is a deactivated user; every decision is audited (roles.py).
"""

import hashlib
import logging
import re
import uuid

from django.contrib.auth import get_user_model, login
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .errors import SSOError
from .identity import ProfessionalIdentity

logger = logging.getLogger("cms.sso")
BACKEND = "cms.sso.password_login.PasswordGuardedModelBackend"
_USERNAME_SAFE = re.compile(r"^[\w.@+-]{1,100}$", re.ASCII)


def username_for(identity: ProfessionalIdentity) -> str:
    """``<source>-<persistent id>``: namespaced by IdP so that no IdP can claim another IdP's users.

    UUIDs (NemLog-in's persistent professional UUID) are written in canonical form; other identifiers are kept
    when they are safe in a username, else hashed. Never derived from a CPR number.
    """
    subject = identity.subject.removeprefix("urn:uuid:")
    try:
        subject = str(uuid.UUID(subject))
    except ValueError:
        if not _USERNAME_SAFE.match(subject):
            subject = hashlib.sha256(subject.encode()).hexdigest()[:40]
    return f"{identity.source}-{subject}"


def editor_group_for(cvr: str) -> Group:
    """The editor group the organisation's CVR gives (roles.place_group); SSOError for none."""
    return roles.place_group(cvr)[0]


class _Refused(SSOError):
    def __init__(self, error: SSOError, user):
        super().__init__(error.reason, error.detail)
        self.user = user


@transaction.atomic
def _sync(identity: ProfessionalIdentity):
    decision = roles.decide(identity)
    user_model = get_user_model()
    user, created = user_model.objects.select_for_update().get_or_create(username=username_for(identity))
    if not user.is_active:
        raise _Refused(SSOError("account_disabled"), user)
    if created:
        user.set_unusable_password()  # SSO users never log in with a password
    user.first_name = identity.first_name[:150] or user.first_name
    user.last_name = identity.last_name[:150] or user.last_name
    user.email = identity.email[:254] or user.email
    user.save()
    granted = {group.pk for group in decision.groups}
    stale = list(user.groups.filter(pk__in=roles.managed_groups().values("pk")).exclude(pk__in=granted))
    user.groups.remove(*stale)
    user.groups.add(*decision.groups)
    roles.record_granted(identity, decision, user, removed=stale)
    return user


def sync_editor(identity: ProfessionalIdentity):
    """Create or update the user for ``identity`` and put it in the groups its CVR and privileges give. A refusal
    is recorded too (after the rolled-back attempt, so the record stays)."""
    try:
        return _sync(identity)
    except _Refused as refused:
        roles.record_refused(identity, refused.reason, user=refused.user)
        raise SSOError(refused.reason, refused.detail) from None
    except SSOError as error:
        roles.record_refused(identity, error.reason)
        raise


def log_in_editor(request, identity: ProfessionalIdentity):
    user = sync_editor(identity)
    login(request, user, backend=BACKEND)  # rotates the session key
    logger.info(
        "editor signed in",
        extra={"sso_source": identity.source, "sso_user_id": user.pk, "sso_loa": identity.loa or ""},
    )
    return user
