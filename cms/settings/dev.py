"""Development: the embedded defaults, a throwaway key, DEBUG on."""

import warnings

from .base import *  # noqa: F403
from .env import env

DEBUG = env("DEBUG", default=True, cast=bool)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# SSO in development: a self-signed SAML key pair under var/sso/, made on first use.
SAML_SP_KEY_FILE = SAML_SP_KEY_FILE or str(BASE_DIR / "var" / "sso" / "sp-key.pem")  # noqa: F405
SAML_SP_CERT_FILE = SAML_SP_CERT_FILE or str(BASE_DIR / "var" / "sso" / "sp-cert.pem")  # noqa: F405
SAML_SP_GENERATE_KEYS = True

# `make demo`: citizens can try their pages as a test person of DevelopmentPersonRegister (/sso/borger/testperson/).
SSO_DEV_CITIZEN_LOGIN = env("SSO_DEV_CITIZEN_LOGIN", default=True, cast=bool)
# The demo content links to real sites: no scheduled link checks unless asked for (check_links runs by hand).
LINK_CHECK_SCHEDULED = env("LINK_CHECK_SCHEDULED", default=False, cast=bool)

# runserver serves static files from the apps and node_modules (no collectstatic): WhiteNoise need not warn.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# E-mails (notices to partners) are printed by runserver and run_worker instead of sent.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
