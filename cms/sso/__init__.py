"""Single sign-on: editors and citizens log in through NemLog-in (OIOSAML 3.0.3) or OpenID Connect.

- ``saml_*``: the SAML service provider (pysaml2 + xmlsec1) with the OIOSAML-specific checks.
- ``oidc*``: the OpenID Connect client (authorization code + PKCE, ID tokens checked against the provider's JWKS).
- ``users``: maps an editor's identity to a Wagtail user and editor group (services).
- ``citizen``: the signed-in citizen (``current_citizen(request)``), never holding the raw CPR number.
- ``cpr``, ``number_crypto``: the one CPR check, keyed hash and encryption (Digital Post uses them too).
- ``password_login``: local admin passwords, on in development, off in production unless enabled.
"""
