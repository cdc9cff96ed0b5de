"""The OIOSAML 3 / NSIS vocabulary shared by the SAML and the OIDC side (attribute and claim names, LoA)."""

LOA_ATTRIBUTE = "https://data.gov.dk/concept/core/nsis/loa"
LOA_PREFIX = "https://data.gov.dk/concept/core/nsis/loa/"
# NSIS levels of assurance, lowest first.
LEVELS = ("Low", "Substantial", "High")
MINIMUM_LOA = "Substantial"

PERSON_PROFILE = "https://data.gov.dk/eid/Person"
PROFESSIONAL_PROFILE = "https://data.gov.dk/eid/Professional"

SPEC_VERSION = "https://data.gov.dk/model/core/specVersion"
PROFESSIONAL_UUID = "https://data.gov.dk/model/core/eid/professional/uuid/persistent"
CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
ORGANISATION_NAME = "https://data.gov.dk/model/core/eid/professional/orgName"
# Base64 of an OIO Basic Privilege Profile PrivilegeList (rights the organisation gave the employee).
PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
AUTHORIZED_TO_REPRESENT = "https://data.gov.dk/model/core/eid/professional/authorizedToRepresent"
CPR_NUMBER = "https://data.gov.dk/model/core/eid/cprNumber"
FIRST_NAME = "https://data.gov.dk/model/core/eid/firstName"
LAST_NAME = "https://data.gov.dk/model/core/eid/lastName"
EMAIL = "https://data.gov.dk/model/core/eid/email"


def loa_name(value: str | None) -> str | None:
    """``"Substantial"`` for either ``Substantial`` or its URI; None for anything that is no NSIS level."""
    if not value:
        return None
    name = value.strip()
    if name.startswith(LOA_PREFIX):
        name = name[len(LOA_PREFIX):]
    return name if name in LEVELS else None


def meets(level: str | None, minimum: str = MINIMUM_LOA) -> bool:
    return level in LEVELS and LEVELS.index(level) >= LEVELS.index(minimum)


def loa_uri(level: str) -> str:
    return f"{LOA_PREFIX}{level}"
