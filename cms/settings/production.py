"""Production: refuses to start without a secret key and allowed hosts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", cast=list)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
DEBUG = False
# Persistent connections: a new database connection per request costs more than most queries.
DATABASES["default"]["CONN_MAX_AGE"] = env("DATABASE_CONN_MAX_AGE", default=60, cast=int)  # noqa: F405
# A persistent connection broken by a database restart is found (and replaced) before a request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Several web instances behind a load balancer must share rate limits, caches and SAML replay protection.
PORTAL_WEB_INSTANCES = env("PORTAL_WEB_INSTANCES", default=1, cast=int)
if PORTAL_WEB_INSTANCES > 1 and not CACHES["shared"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    raise ImproperlyConfigured(
        f"PORTAL_WEB_INSTANCES is {PORTAL_WEB_INSTANCES}: several web instances need a shared cache. Set REDIS_URL."
    )

# Collected static files get content-hashed names (a change is a new URL), served by WhiteNoise compressed and
# cached for a year.
STORAGES["staticfiles"] = {"BACKEND": "cms.static_storage.PortalStaticStorage"}  # noqa: F405
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

ADMIN_PASSWORD_LOGIN = env("ADMIN_PASSWORD_LOGIN", default=False, cast=bool)
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = ADMIN_PASSWORD_LOGIN
# The development person register invents municipalities; production needs the real CPR lookup.
PERSON_REGISTER_ADAPTER = env("PERSON_REGISTER_ADAPTER", default="cms.sso.person_register.CprServicePersonRegister")
SSO_DEV_CITIZEN_LOGIN = False  # never: it signs anybody in as a test person

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", default=True, cast=bool)
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", default=31536000, cast=int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
