"""The signed-in business user (MitID Erhverv through NemLog-in's Professional profile), for the business pages.

API:

    from cms.sso.business import current_business, logout

    business = current_business(request)    # BusinessUser | None
    business.cvr_hash                       # HMAC-SHA256 of "cvr:<number>" under CPR_HASH_KEY (the company's key)
    business.organisation_name              # the company's name, as NemLog-in gave it
    business.may_manage                     # whether this employee may manage the company's subscriptions
    business.employee_hash                  # keyed hash of the employee's persistent UUID (never the UUID)
    cvr_number(business)                    # the CVR number, only to store a subscription encrypted
    logout(request)                         # forget the business user (a citizen or editor login stays)

The same privacy rules as for a citizen's CPR number: the CVR number is never logged, shown or kept in the clear
(keyed hash and Fernet token, cms/sso/number_crypto.py), and nothing personal about the employee is kept. The
right to manage comes from NemLog-in: the privilege SSO_BUSINESS_PRIVILEGE in the employee's privileges for this
CVR, or the employee being authorised to represent the company. Without it the employee sees the company's
subscriptions but cannot change them.
"""

import hmac
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .errors import SSOError
from .identity import ProfessionalIdentity
from .number_crypto import InvalidToken, decrypt, encrypt, keyed_hash
from .oiosaml import meets

logger = logging.getLogger("cms.sso")
SESSION_KEY = "sso_business"


@dataclass(frozen=True)
class BusinessUser:
    cvr_hash: str
    organisation_name: str
    employee_hash: str
    may_manage: bool
    loa: str
    source: str
    signed_in_at: int
    cvr_token: str = field(repr=False)


class BusinessSessionInvalid(Exception):
    """The session's encrypted CVR number cannot be opened (a rotated key): the business user signs in again."""


def current_business(request) -> BusinessUser | None:
    data = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not isinstance(data, dict):
        return None
    try:
        return BusinessUser(**data)
    except TypeError:
        return None


def may_manage(identity: ProfessionalIdentity) -> bool:
    wanted = settings.SSO_BUSINESS_PRIVILEGE
    return identity.authorized_to_represent or bool(wanted and wanted in identity.privileges)


def sign_in(request, identity: ProfessionalIdentity) -> BusinessUser:
    if not meets(identity.loa):
        raise SSOError("loa_too_low", f"loa={identity.loa}")
    try:
        user = BusinessUser(
            cvr_hash=keyed_hash("cvr", identity.cvr), organisation_name=identity.organisation_name[:200],
            employee_hash=keyed_hash("employee", f"{identity.source}:{identity.subject}"),
            may_manage=may_manage(identity), loa=identity.loa, source=identity.source,
            signed_in_at=int(time.time()), cvr_token=encrypt(identity.cvr.encode("ascii")),
        )
    except ImproperlyConfigured:
        raise SSOError("not_configured", "CPR_HASH_KEY or SUBSCRIBER_ENCRYPTION_KEY") from None
    request.session.cycle_key()  # a new session id at every change of identity
    request.session[SESSION_KEY] = user.__dict__.copy()
    logger.info("business user signed in",
                extra={"sso_source": identity.source, "sso_loa": identity.loa, "sso_may_manage": user.may_manage})
    return user


def cvr_number(user: BusinessUser) -> str:
    """The company's CVR number, for the one use that needs it: storing a subscription encrypted."""
    try:
        number = decrypt(user.cvr_token).decode("ascii")
        matches = hmac.compare_digest(keyed_hash("cvr", number), user.cvr_hash)
    except (InvalidToken, UnicodeError, AttributeError, TypeError):
        raise BusinessSessionInvalid("the encrypted CVR number cannot be opened") from None
    if not matches:
        raise BusinessSessionInvalid("the encrypted CVR number does not match its hash")
    return number


def logout(request) -> None:
    if request.session.pop(SESSION_KEY, None) is not None:
        request.session.cycle_key()
