"""Demo accounts: an administrator and one editor of each role, all with the same printed password."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ..models import Municipality
from ..roles import NATIONAL_APPROVERS, NATIONAL_EDITORS

DEMO_EDITORS = (
    ("redaktoer", "National redaktør", NATIONAL_EDITORS),
    ("godkender", "National godkender", NATIONAL_APPROVERS),
)
DEMO_MUNICIPAL_EDITORS = (("kbh-redaktoer", "101"), ("aarhus-redaktoer", "751"))


def ensure_demo_users(password: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Create or reset the demo accounts; returns the password and (username, role) pairs."""
    password = password or secrets.token_urlsafe(12)
    User = get_user_model()
    accounts = []

    def account(username, first_name, **flags):
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
        for key, value in flags.items():
            setattr(user, key, value)
        user.set_password(password)
        user.save()
        return user

    account("admin", "Administrator", is_staff=True, is_superuser=True)
    accounts.append(("admin", "administrator"))
    for username, label, group_name in DEMO_EDITORS:
        account(username, label).groups.set([Group.objects.get(name=group_name)])
        accounts.append((username, label))
    for username, code in DEMO_MUNICIPAL_EDITORS:
        municipality = Municipality.objects.get(code=code)
        account(username, f"Redaktør, {municipality.name}").groups.set([municipality.editor_group])
        accounts.append((username, f"kommuneredaktør, {municipality.name}"))
    return password, accounts
