"""What a successful login proves, independent of the protocol that proved it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProfessionalIdentity:
    """An employee acting for an organisation (NemLog-in's Professional profile, or an editor OIDC provider)."""

    source: str  # "nemlogin" for SAML, the provider key for OIDC; users are namespaced by it
    subject: str  # persistent identifier (the professional UUID); never a CPR number
    cvr: str
    organisation_name: str = ""
    loa: str | None = None
    first_name: str = field(default="", repr=False)
    last_name: str = field(default="", repr=False)
    email: str = field(default="", repr=False)
    # Rights the organisation gave the employee within ``cvr`` (cms/sso/privileges.py), and whether the
    # employee may legally represent it (NemLog-in's authorizedToRepresent names the CVR).
    privileges: frozenset[str] = frozenset()
    authorized_to_represent: bool = False


@dataclass(frozen=True)
class PersonIdentity:
    """A citizen (NemLog-in's Person profile / MitID). The CPR number lives only as long as this object."""

    source: str
    cpr: str = field(repr=False)
    loa: str | None = None
