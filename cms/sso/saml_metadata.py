"""The SP metadata NemLog-in registers the portal by (``/sso/saml/metadata/``), as OIOSAML 3.0.3 wants it.

pysaml2 builds the EntityDescriptor from the SP configuration; two things are fixed here. Its algorithm
extension lists everything xmlsec1 can do (MD5, RIPEMD-160, SHA-1, DSA-SHA1, RSA-MD5): only the SHA-256-or-
stronger methods the portal accepts (saml_algorithms) are advertised. It takes one service name: the
AttributeConsumingService gets one per language (Danish and English).
"""

from . import saml_algorithms
from .saml_config import quiet_import, saml_settings


def _algorithm_extensions():
    with quiet_import():
        from saml2.extension.algsupport import DigestMethod, SigningMethod

    return [DigestMethod(algorithm=a) for a in saml_algorithms.DIGEST_METHODS] + [
        SigningMethod(algorithm=a) for a in saml_algorithms.SIGNATURE_METHODS
    ]


def entity_descriptor(config):
    with quiet_import():
        from saml2 import md
        from saml2.metadata import entity_descriptor as build

    descriptor = build(config)
    extensions = descriptor.extensions or md.Extensions()
    kept = [element for element in extensions.extension_elements
            if element.tag not in ("DigestMethod", "SigningMethod")]
    extensions.extension_elements = kept
    for element in _algorithm_extensions():
        extensions.add_extension_element(element)
    descriptor.extensions = extensions
    for service in descriptor.spsso_descriptor.attribute_consuming_service:
        service.service_name = [md.ServiceName(text=name, lang=lang) for name, lang in saml_settings().service_names]
    return descriptor


def metadata_xml(config) -> bytes:
    """The SP's metadata document (unsigned: NemLog-in takes it as an upload in its administration portal)."""
    with quiet_import():
        from saml2.metadata import metadata_tostring_fix
        from saml2.validate import valid_instance

    descriptor = entity_descriptor(config)
    valid_instance(descriptor)
    return metadata_tostring_fix(descriptor, {"xs": "http://www.w3.org/2001/XMLSchema"}, None)
