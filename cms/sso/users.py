"""Editors from SSO: one Wagtail user per persistent identifier, in the editor group their CVR number gives.

The CVR decides the group on every login: a CVR in SSO_NATIONAL_CVRS gives "Nationale redaktører"; a CVR of an
authority with a municipality gives that municipality's editor group. Those SSO-managed groups are replaced
at each login (someone who changed employer loses the old group); groups an administrator added by hand
(e.g. "Nationale godkendere") are kept. An unknown CVR is refused, and so is a deactivated user.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.models import Group
from django.db import transaction

from content_models.models import Authority
from content_models.roles import NATIONAL_EDITORS, ensure_municipal_group

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
    if cvr in settings.SSO_NATIONAL_CVRS:
        return Group.objects.get(name=NATIONAL_EDITORS)
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
    return municipality.editor_group or ensure_municipal_group(municipality)


def _managed_groups():
    return Group.objects.filter(name=NATIONAL_EDITORS) | Group.objects.filter(editor_municipality__isnull=False)


@transaction.atomic
def sync_editor(identity: ProfessionalIdentity):
    """Create or update the user for ``identity`` and put it in the group its CVR gives."""
    group = editor_group_for(identity.cvr)
    user_model = get_user_model()
    user, created = user_model.objects.select_for_update().get_or_create(username=username_for(identity))
    if not user.is_active:
        raise SSOError("account_disabled")
    if created:
        user.set_unusable_password()  # SSO users never log in with a password
    user.first_name = identity.first_name[:150] or user.first_name
    user.last_name = identity.last_name[:150] or user.last_name
    user.email = identity.email[:254] or user.email
    user.save()
    stale = user.groups.filter(pk__in=_managed_groups().values("pk")).exclude(pk=group.pk)
    user.groups.remove(*stale)
    user.groups.add(group)
    return user


def log_in_editor(request, identity: ProfessionalIdentity):
    user = sync_editor(identity)
    login(request, user, backend=BACKEND)  # rotates the session key
    logger.info(
        "editor signed in",
        extra={"sso_source": identity.source, "sso_user_id": user.pk, "sso_loa": identity.loa or ""},
    )
    return user
