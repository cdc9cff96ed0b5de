"""The rights an organisation gave its employee, as NemLog-in carries them: the ``privilegesIntermediate``
attribute, base64 of an OIO Basic Privilege Profile ``PrivilegeList``:

    <bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">
      <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:12345678">
        <Privilege>https://borgerportalen.dk/roles/usersystemrole/redaktoer/1</Privilege>
      </PrivilegeGroup>
    </bpp:PrivilegeList>

Only privileges scoped to the CVR the employee logged in for count (a group scoped to another CVR, a production
unit or an SE number does not give rights here). Malformed input gives no privileges, never an error.
"""

import base64
import binascii

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

BPP_NAMESPACE = "http://digst.dk/oiosaml/basic_privilege_profile"
CVR_SCOPE = "urn:dk:gov:saml:cvrNumberIdentifier:"
MAX_BYTES = 64 * 1024


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def privileges_for(encoded_lists: list[str], cvr: str) -> frozenset[str]:
    """The privileges the attribute values give within ``cvr``."""
    found: set[str] = set()
    for encoded in encoded_lists:
        try:
            raw = base64.b64decode("".join(str(encoded).split()), validate=True)
            if len(raw) > MAX_BYTES:
                continue
            root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except (binascii.Error, ValueError, DefusedXmlException, ParseError):
            continue
        if root.tag != f"{{{BPP_NAMESPACE}}}PrivilegeList":
            continue
        for group in root:
            if _local(group.tag) != "PrivilegeGroup" or group.get("Scope", "") != CVR_SCOPE + cvr:
                continue
            texts = ((p.text or "").strip() for p in group if _local(p.tag) == "Privilege")
            found.update(text for text in texts if text)
    return frozenset(found)


def encode(groups: dict[str, list[str]]) -> str:
    """A PrivilegeList attribute value for ``{scope: [privilege, ...]}`` (tests, development logins)."""
    body = "".join(
        f'<PrivilegeGroup Scope="{scope}">' + "".join(f"<Privilege>{p}</Privilege>" for p in privileges)
        + "</PrivilegeGroup>"
        for scope, privileges in groups.items()
    )
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><bpp:PrivilegeList xmlns:bpp="{BPP_NAMESPACE}">{body}'
           "</bpp:PrivilegeList>")
    return base64.b64encode(xml.encode()).decode("ascii")
