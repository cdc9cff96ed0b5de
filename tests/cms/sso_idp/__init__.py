"""Real identity providers for the SSO tests (tests/cms/sso): a pysaml2 IdP and the npm oidc-provider."""
