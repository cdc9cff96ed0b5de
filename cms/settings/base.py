"""Settings shared by every environment; values that differ come from env()."""

from pathlib import Path

import dj_database_url

from .env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env("DEBUG", default=False, cast=bool)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"], cast=list)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", default=[], cast=list)
CSRF_FAILURE_VIEW = "frontend.views.errors.csrf_failure"  # Danish page on the citizen site

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "cms",
    "content_models",
    "syndication",
    "search",
    "frontend",
    "frontend.feedback",
    "frontend.popular",
]

MIDDLEWARE = [
    "cms.metrics.RequestMetricsMiddleware",  # first: it times everything below it
    "django.middleware.security.SecurityMiddleware",
    # Static files (collected with hashed names) straight from the web process, with far-future caching.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The citizen site (frontend/): HTTP caching sees the cookie the municipality choice sets, so it comes
    # first; the server-side page cache is innermost, so its hits still get every header.
    "frontend.caching.PublicPageCacheMiddleware",
    "frontend.security.ContentSecurityPolicyMiddleware",
    "frontend.error_pages.CitizenErrorPagesMiddleware",
    "frontend.municipality.MunicipalityCookieMiddleware",
    "frontend.response_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is a SQLite file; DATABASE_URL selects PostgreSQL (or any
# dj-database-url scheme). Every request runs in one transaction so that a
# publish and its event-log row commit or roll back together.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env("DATABASE_CONN_MAX_AGE", default=0, cast=int),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
# The project's catalogues: locale/en holds the citizen site's English (its msgids are the Danish texts).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Front-end packages come from npm (package.json, `make install`), never from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
_VENDOR_STATIC = {
    "vendor/graphiql": NODE_MODULES / "graphiql",
    "vendor/react": NODE_MODULES / "react" / "umd",
    "vendor/react-dom": NODE_MODULES / "react-dom" / "umd",
    "vendor/dkfds": NODE_MODULES / "dkfds" / "dist",  # Det Fælles Designsystem: CSS, fonts, icons, JS
}
STATICFILES_DIRS = [(prefix, path) for prefix, path in _VENDOR_STATIC.items() if path.is_dir()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media (images, documents) on a volume (MEDIA_ROOT) or, with MEDIA_STORAGE=s3, in an S3-compatible object store
# (django-storages; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY as boto3 reads them).
MEDIA_STORAGE = env("MEDIA_STORAGE", default="")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_S3_BUCKET"),
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env("MEDIA_S3_REGION", default=None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be empty (files under MEDIA_ROOT) or 's3', got {MEDIA_STORAGE!r}.")

WAGTAIL_SITE_NAME = env("SITE_NAME", default="Borgerportalen")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "content_models.PortalImage"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote", "hr"]},
    }
}

# The citizen site (frontend/): the accessibility statement every page links to (empty: the national WAS tool's
# address for BASE_URL's host), the logo in the header (a static path or an address on this site; empty: the name),
# and Django's technical 404/500 pages, for developers only: with DEBUG the citizen site still shows its own pages
# unless DEBUG_ERROR_PAGES is on.
ACCESSIBILITY_STATEMENT_URL = env("ACCESSIBILITY_STATEMENT_URL", default="")
SITE_LOGO_URL = env("SITE_LOGO_URL", default="")
DEBUG_ERROR_PAGES = env("DEBUG_ERROR_PAGES", default=False, cast=bool)
# "Var denne side nyttig?": answers one address may send a minute (frontend/feedback).
FEEDBACK_RATE_PER_MINUTE = env("FEEDBACK_RATE_PER_MINUTE", default=5, cast=int)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL", default=""):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}

# Search: the database engine is the embedded default; OPENSEARCH_URL switches to OpenSearch
# (and the database engine answers whenever OpenSearch is down or slower than the timeout).
OPENSEARCH_URL = env("OPENSEARCH_URL", default="")
if OPENSEARCH_URL:
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    _parts = urlsplit(OPENSEARCH_URL)
    if _parts.scheme not in ("http", "https") or not _parts.hostname:
        raise ImproperlyConfigured(
            f"OPENSEARCH_URL must be an http(s) URL such as https://search.internal:9200, got {OPENSEARCH_URL!r}."
        )
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="portal")
SEARCH_OPENSEARCH_TIMEOUT = env("SEARCH_OPENSEARCH_TIMEOUT", default=1.5, cast=float)  # seconds per query
SEARCH_OPENSEARCH_RETRY_AFTER = env("SEARCH_OPENSEARCH_RETRY_AFTER", default=30, cast=int)  # seconds after a failure


def _audience_weights(raw: str) -> dict:
    from django.core.exceptions import ImproperlyConfigured

    from search.audience import parse_weights

    try:
        return parse_weights(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SEARCH_AUDIENCE_WEIGHTS: {exc}; write it as business=0.7,professional=0.5"
        ) from exc


# Ranking weight of business and professional content (teaching modules, standards) against citizen content for
# the same match, unless the search asks for them (search/audience.py).
SEARCH_AUDIENCE_WEIGHTS = _audience_weights(env("SEARCH_AUDIENCE_WEIGHTS", default=""))
# Most that clicks and "Var denne side nyttig?" may lift an item's score (0.2: +20 %, at worst -10 %);
# 0 turns the signals off (search/signals.py).
SEARCH_SIGNAL_BOOST_MAX = env("SEARCH_SIGNAL_BOOST_MAX", default=0.2, cast=float)

def wagtail_search_backends(opensearch_url: str, index_prefix: str) -> dict:
    """Wagtail's admin search: on the same OpenSearch cluster when there is one (modelsearch's backend)."""
    if not opensearch_url:
        return {"default": {"BACKEND": "modelsearch.backends.database"}}
    return {
        "default": {
            "BACKEND": "modelsearch.backends.opensearch3",
            "URLS": [opensearch_url],
            "INDEX_PREFIX": f"{index_prefix}-wagtail-",
            "TIMEOUT": 5,
        }
    }


WAGTAILSEARCH_BACKENDS = wagtail_search_backends(OPENSEARCH_URL, SEARCH_INDEX_PREFIX)

# GraphQL syndication API
GRAPHQL_CORS_ALLOWED_ORIGINS = env("GRAPHQL_CORS_ALLOWED_ORIGINS", default=["*"], cast=list)
GRAPHQL_ANONYMOUS_RATE_PER_MINUTE = env("GRAPHQL_ANONYMOUS_RATE_PER_MINUTE", default=120, cast=int)
GRAPHQL_CACHE_MAX_AGE = env("GRAPHQL_CACHE_MAX_AGE", default=60, cast=int)
GRAPHQL_STATEMENT_TIMEOUT_MS = env("GRAPHQL_STATEMENT_TIMEOUT_MS", default=5000, cast=int)
TRUST_X_FORWARDED_FOR = env("TRUST_X_FORWARDED_FOR", default=False, cast=bool)
DIGITAL_POST_BACKEND = env("DIGITAL_POST_BACKEND", default="")
# Digital Post notifications (syndication/digital_post): the sender (the portal authority), the client
# certificate for an https:// backend, and the keys protecting subscribers' numbers. The dev and test
# settings derive the keys from SECRET_KEY when they are empty; every other settings module must set them.
DIGITAL_POST_SENDER_CVR = env("DIGITAL_POST_SENDER_CVR", default="34051178")
DIGITAL_POST_SENDER_NAME = env("DIGITAL_POST_SENDER_NAME", default="Digitaliseringsstyrelsen")
DIGITAL_POST_CLIENT_CERT = env("DIGITAL_POST_CLIENT_CERT", default="")
DIGITAL_POST_CLIENT_KEY = env("DIGITAL_POST_CLIENT_KEY", default="")
DIGITAL_POST_CA_BUNDLE = env("DIGITAL_POST_CA_BUNDLE", default="")
DIGITAL_POST_MAX_ATTEMPTS = env("DIGITAL_POST_MAX_ATTEMPTS", default=8, cast=int)
SUBSCRIBER_ENCRYPTION_KEY = env("SUBSCRIBER_ENCRYPTION_KEY", default="")
CPR_HASH_KEY = env("CPR_HASH_KEY", default="")

# Local passwords for the admin; production turns them off unless enabled.
ADMIN_PASSWORD_LOGIN = env("ADMIN_PASSWORD_LOGIN", default=True, cast=bool)

# Single sign-on (cms/sso): NemLog-in over SAML (OIOSAML 3.0.3) and OpenID Connect, for editors and citizens.
# The backend refuses passwords when ADMIN_PASSWORD_LOGIN is off; SSO logins use it too.
AUTHENTICATION_BACKENDS = ["cms.sso.password_login.PasswordGuardedModelBackend"]
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = ADMIN_PASSWORD_LOGIN  # no password change or reset where passwords are off
SAML_SP_ENTITY_ID = env("SAML_SP_ENTITY_ID", default="")  # empty: <BASE_URL>/sso/saml/metadata/
SAML_SP_KEY_FILE = env("SAML_SP_KEY_FILE", default="")
SAML_SP_CERT_FILE = env("SAML_SP_CERT_FILE", default="")
SAML_SP_GENERATE_KEYS = False  # development creates a self-signed pair on first use
SAML_SP_CONTACT_EMAIL = env("SAML_SP_CONTACT_EMAIL", default="")
SAML_IDP_METADATA_FILES = env(
    "SAML_IDP_METADATA_FILES", default=[str(BASE_DIR / "cms" / "sso" / "idp_metadata" / "nemlogin-inttest.xml")],
    cast=list,
)
SAML_IDP_ENTITY_ID = env("SAML_IDP_ENTITY_ID", default="")  # empty: the only IdP in the metadata
# A login as one of the development person register's test citizens (no IdP needed): `make demo` only.
SSO_DEV_CITIZEN_LOGIN = False
SSO_SAML_MAX_RESPONSE_BYTES = 256 * 1024  # refused before parsing
SSO_CLOCK_SKEW_SECONDS = env("SSO_CLOCK_SKEW_SECONDS", default=60, cast=int)
SSO_NATIONAL_CVRS = env("SSO_NATIONAL_CVRS", default=[], cast=list)  # CVRs whose employees are national editors
SSO_OIDC_PROVIDERS = env("SSO_OIDC_PROVIDERS", default={}, cast=dict)  # JSON: {"key": {"issuer": ..., ...}}
for _key, _provider in SSO_OIDC_PROVIDERS.items():
    if isinstance(_provider, dict):  # the secret comes from its own variable, never from the JSON in logs
        _secret_name = f"SSO_OIDC_{_key.upper().replace('-', '_')}_CLIENT_SECRET"
        _provider["client_secret"] = env(_secret_name, default=_provider.get("client_secret", ""))
SSO_OIDC_TIMEOUT = env("SSO_OIDC_TIMEOUT", default=5, cast=int)  # seconds per call to a provider
# CPR_HASH_KEY (above) also keys citizens' CPR hashes after login (cms/sso/cpr.py).
PERSON_REGISTER_ADAPTER = env(
    "PERSON_REGISTER_ADAPTER", default="cms.sso.person_register.DevelopmentPersonRegister"
)

# Operations: /metrics for Prometheus (cms/metrics.py), and when /readyz calls the worker's lag too high.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"], cast=list)
READYZ_WORKER_LAG_EVENTS = env("READYZ_WORKER_LAG_EVENTS", default=1000, cast=int)
READYZ_WORKER_LAG_SECONDS = env("READYZ_WORKER_LAG_SECONDS", default=300, cast=int)

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "cms.logging.RedactPersonalDataFilter"}},
    "formatters": {
        "json": {"()": "cms.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact_personal_data"],
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "opensearch": {"level": "WARNING"},  # one INFO line per request would log every search
        # Wagtail runs its background tasks (reference index, search index) through django-tasks, which logs two
        # INFO lines per task: thousands for one import. LOG_LEVEL=DEBUG brings them back.
        "django_tasks": {"level": "DEBUG" if LOG_LEVEL.upper() == "DEBUG" else "WARNING"},
        # pysaml2 puts whole SAML documents (names, CPR numbers) into its log messages; cms.sso logs reasons.
        "saml2": {"handlers": ["null"], "level": "CRITICAL", "propagate": False},
    },
}
