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
    "cms.admin_language.DanishAdminMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.sso.citizen_session.CitizenSessionMiddleware",  # ends a citizen's session at its time-outs
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Unpublished pages marked "gone" answer 410 where no redirect (the next middleware) takes them.
    "content_models.lifecycle.gone.GoneMiddleware",
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
    # WAL lets the worker and the web process read while the other writes. Writers wait their turn: every
    # transaction takes the write lock when it begins (IMMEDIATE), so none fails half-way with "database is
    # locked" when another process writes (a read transaction that later writes cannot wait), and waits up to
    # `timeout` seconds for it (SQLite's busy timeout). The worker keeps its transactions short.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env("SQLITE_BUSY_TIMEOUT", default=30, cast=int),
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
# The project's catalogues, ahead of Wagtail's: locale/da holds what Wagtail's Danish lacks in the editors' journeys
# (and overrides its wording where that is ambiguous: the review workflow's actions); locale/en holds the citizen
# site's English (its msgids are the Danish texts).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("da", "Dansk"), ("en", "English")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk")]  # the admin is Danish (cms/admin_language.py)
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_login_form.DanishLoginForm"

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
# Limits on content coming in (content_models/importing, content_models/html_sanitiser.py): each refusal names
# the setting. The HTML limits apply to every rich text (imports, the admin); the parser's cost grows with both.
IMPORT_MAX_LINE_BYTES = env("IMPORT_MAX_LINE_BYTES", default=2 * 1024 * 1024, cast=int)
IMPORT_MAX_SECTIONS = env("IMPORT_MAX_SECTIONS", default=200, cast=int)  # of a guide; steps of a step-by-step guide
HTML_MAX_DEPTH = env("HTML_MAX_DEPTH", default=100, cast=int)  # elements inside elements
HTML_MAX_LENGTH = env("HTML_MAX_LENGTH", default=250_000, cast=int)  # characters of one rich text

# default: caches and rate limits (with Redis: falls back to local memory while Redis is down, cms/cache_backend.py);
# shared: what must be shared or refused, never local (SSO replay protection, the SAML back-channel index).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
if env("REDIS_URL", default=""):
    # Short socket time-outs: a hung Redis must cost a request milliseconds, not the default minutes.
    _redis_options = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
    CACHES["default"] = {"BACKEND": "cms.cache_backend.ResilientRedisCache", "LOCATION": env("REDIS_URL"),
                         "OPTIONS": _redis_options}
    CACHES["shared"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL"),
                        "OPTIONS": _redis_options}

# Search: the database engine is the embedded default; OPENSEARCH_URL switches to OpenSearch
# (and the database engine answers whenever OpenSearch is down or slower than the timeout). A cluster's nodes can
# be listed comma-separated: the client then moves on to the next node when one cannot be reached.
OPENSEARCH_URL = env("OPENSEARCH_URL", default="")
if OPENSEARCH_URL:
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    for _url in OPENSEARCH_URL.split(","):
        _parts = urlsplit(_url.strip())
        if _parts.scheme not in ("http", "https") or not _parts.hostname:
            raise ImproperlyConfigured(
                f"OPENSEARCH_URL must be an http(s) URL such as https://search.internal:9200 (several nodes: "
                f"comma-separated), got {OPENSEARCH_URL!r}."
            )
SEARCH_OPENSEARCH_REPLICAS = env("SEARCH_OPENSEARCH_REPLICAS", default=0, cast=int)  # copies of each shard (cluster: 1)
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
# Above this many search documents the spelling vocabulary is read in the background, never by a waiting search
# (search/spelling.py).
SEARCH_SPELLING_BACKGROUND_ABOVE = env("SEARCH_SPELLING_BACKGROUND_ABOVE", default=20000, cast=int)

def wagtail_search_backends(opensearch_url: str, index_prefix: str) -> dict:
    """Wagtail's admin search: on the same OpenSearch cluster when there is one (modelsearch's backend)."""
    if not opensearch_url:
        return {"default": {"BACKEND": "modelsearch.backends.database"}}
    return {
        "default": {
            # modelsearch's opensearch3 backend, with saves that never wait for a dead cluster.
            "BACKEND": "search.admin_index.backend",
            "URLS": [url.strip() for url in opensearch_url.split(",")],
            "INDEX_PREFIX": f"{index_prefix}-wagtail-",
            "TIMEOUT": 5,
        }
    }


WAGTAILSEARCH_BACKENDS = wagtail_search_backends(OPENSEARCH_URL, SEARCH_INDEX_PREFIX)
# Wagtail's background tasks (reference index, admin search index) run at once, except inside an import, which
# runs each distinct one once at its end, in bulk (content_models/background.py).
TASKS = {"default": {"BACKEND": "content_models.background.DeferringBackend"}}

# Outbound HTTP to addresses others chose (cms/outbound.py: webhooks, harvest_standards): never loopback, private
# or other special addresses. Only the tests turn loopback on, for their servers on 127.0.0.1.
OUTBOUND_ALLOW_LOOPBACK = False

# GraphQL syndication API
GRAPHQL_CORS_ALLOWED_ORIGINS = env("GRAPHQL_CORS_ALLOWED_ORIGINS", default=["*"], cast=list)
GRAPHQL_ANONYMOUS_RATE_PER_MINUTE = env("GRAPHQL_ANONYMOUS_RATE_PER_MINUTE", default=120, cast=int)
GRAPHQL_CACHE_MAX_AGE = env("GRAPHQL_CACHE_MAX_AGE", default=60, cast=int)
GRAPHQL_STATEMENT_TIMEOUT_MS = env("GRAPHQL_STATEMENT_TIMEOUT_MS", default=5000, cast=int)
TRUST_X_FORWARDED_FOR = env("TRUST_X_FORWARDED_FOR", default=False, cast=bool)
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", default=1, cast=int)  # proxies that append to X-Forwarded-For
# The citizen site's search (frontend/views/search.py), per client address and minute (syndication/limits/rate.py).
SITE_SEARCH_RATE_PER_MINUTE = env("SITE_SEARCH_RATE_PER_MINUTE", default=120, cast=int)
SITE_SUGGESTIONS_RATE_PER_MINUTE = env("SITE_SUGGESTIONS_RATE_PER_MINUTE", default=600, cast=int)
WEBHOOK_MAX_ENDPOINTS_PER_PARTNER = env("WEBHOOK_MAX_ENDPOINTS_PER_PARTNER", default=10, cast=int)
# Notices to partners' contacts that a deprecated field they use goes away (syndication/deprecations/notices.py).
DEPRECATION_NOTICE_FROM = env("DEPRECATION_NOTICE_FROM", default="")  # empty: DEFAULT_FROM_EMAIL
# Django's mail settings (notices to partners and editors).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env("EMAIL_PORT", default=25, cast=int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", default=False, cast=bool)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
DIGITAL_POST_BACKEND = env("DIGITAL_POST_BACKEND", default="")  # file:///dir or https://api.digitalpost.dk/apis/v1
# Digital Post notifications (syndication/digital_post): the sender (the portal authority), the client
# certificate for an https:// backend, and the keys protecting subscribers' numbers. The dev and test
# settings derive the keys from SECRET_KEY when they are empty; every other settings module must set them.
DIGITAL_POST_SENDER_CVR = env("DIGITAL_POST_SENDER_CVR", default="34051178")
DIGITAL_POST_SENDER_NAME = env("DIGITAL_POST_SENDER_NAME", default="Digitaliseringsstyrelsen")
DIGITAL_POST_CLIENT_CERT = env("DIGITAL_POST_CLIENT_CERT", default="")
DIGITAL_POST_CLIENT_KEY = env("DIGITAL_POST_CLIENT_KEY", default="")
DIGITAL_POST_CA_BUNDLE = env("DIGITAL_POST_CA_BUNDLE", default="")
# The sender system registered in Digital Post's administration portal: its id and API key (HTTP Basic).
DIGITAL_POST_SYSTEM_ID = env("DIGITAL_POST_SYSTEM_ID", default="")
DIGITAL_POST_API_KEY = env("DIGITAL_POST_API_KEY", default="")
DIGITAL_POST_RECEIPTS_PER_PASS = env("DIGITAL_POST_RECEIPTS_PER_PASS", default=500, cast=int)
DIGITAL_POST_MAX_ATTEMPTS = env("DIGITAL_POST_MAX_ATTEMPTS", default=8, cast=int)
SUBSCRIBER_ENCRYPTION_KEY = env("SUBSCRIBER_ENCRYPTION_KEY", default="")
CPR_HASH_KEY = env("CPR_HASH_KEY", default="")

# Link health (content_models/link_health): every outbound link is checked politely, on a schedule by run_worker.
# LINK_CHECK_ALLOW_PRIVATE lets it reach loopback and private addresses: for tests against a local server only.
LINK_CHECK_ALLOW_PRIVATE = env("LINK_CHECK_ALLOW_PRIVATE", default=False, cast=bool)
# run_worker schedules the checker only where it is on (production by default; dev and tests keep it off, so that
# `make demo` and the suite contact no outside host; check_links runs it by hand anywhere).
LINK_CHECK_SCHEDULED = env("LINK_CHECK_SCHEDULED", default=True, cast=bool)
LINK_CHECK_INTERVAL_HOURS = env("LINK_CHECK_INTERVAL_HOURS", default=24, cast=int)  # between checks of one URL
LINK_CHECK_TIMEOUT = env("LINK_CHECK_TIMEOUT", default=10.0, cast=float)  # seconds per request
LINK_CHECK_BUDGET_SECONDS = env("LINK_CHECK_BUDGET_SECONDS", default=20.0, cast=float)  # one run at most (it holds the worker's pass)
LINK_CHECK_RUN_MINUTES = env("LINK_CHECK_RUN_MINUTES", default=15, cast=int)  # between runs scheduled by run_worker
LINK_CHECK_PER_HOST = env("LINK_CHECK_PER_HOST", default=2, cast=int)  # requests at once to one host (1-2)
LINK_CHECK_USER_AGENT = env(
    "LINK_CHECK_USER_AGENT", default="BorgerportalenLinkChecker/1.0 (+https://www.borger.dk/om-linktjek)"
)
# E-mail to municipal editors when the national text under their local text changes (empty: dashboard only).
LOCAL_TEXT_NOTICE_FROM = env("LOCAL_TEXT_NOTICE_FROM", default="")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env("EMAIL_PORT", default=25, cast=int)
# Sessions (cms/sso/session_store.py): an editor's lasts EDITOR_SESSION_HOURS; a citizen's (MitID, cms/sso/citizen.py)
# ends with the browser, after 15 minutes without a request and 8 hours after the login, and "Slet mine data"
# asks for a new login when the last one is more than 5 minutes old.
SESSION_ENGINE = "cms.sso.session_store"
SESSION_COOKIE_AGE = int(env("EDITOR_SESSION_HOURS", default=10, cast=float) * 3600)
CITIZEN_SESSION_IDLE_SECONDS = 15 * 60
CITIZEN_SESSION_MAX_SECONDS = 8 * 3600
CITIZEN_REAUTH_SECONDS = 5 * 60

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
# What the SP metadata says about the service and who runs it (OIOSAML: Danish and English names).
SAML_SP_SERVICE_NAME_DA = env("SAML_SP_SERVICE_NAME_DA", default=WAGTAIL_SITE_NAME)
SAML_SP_SERVICE_NAME_EN = env(
    "SAML_SP_SERVICE_NAME_EN", default=f"{WAGTAIL_SITE_NAME} – the citizen and business portal"
)
SAML_SP_ORGANISATION_NAME_DA = env("SAML_SP_ORGANISATION_NAME_DA", default="Digitaliseringsstyrelsen")
SAML_SP_ORGANISATION_NAME_EN = env("SAML_SP_ORGANISATION_NAME_EN", default="The Agency for Digital Government")
SAML_SP_ORGANISATION_URL = env("SAML_SP_ORGANISATION_URL", default="")  # empty: BASE_URL
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
# Privileges (OIO Basic Privilege Profile, assigned in the organisation's user administration) that make an
# employee an editor or a national approver; empty: the CVR alone decides (docs/sso-roles.md).
SSO_EDITOR_PRIVILEGE = env("SSO_EDITOR_PRIVILEGE", default="")
SSO_APPROVER_PRIVILEGE = env("SSO_APPROVER_PRIVILEGE", default="")
# The privilege that lets a MitID Erhverv user manage their company's Digital Post subscriptions (an employee
# authorised to represent the company may always).
SSO_BUSINESS_PRIVILEGE = env(
    "SSO_BUSINESS_PRIVILEGE", default="https://borgerportalen.dk/roles/usersystemrole/virksomhedsabonnementer/1"
)
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
# The production person register: Serviceplatformen's SF1520 PersonLookup (cms/sso/sf1520_client.py) over mutual
# TLS with the authority's OCES3 system certificate, under a service agreement (the UUIDs from Serviceplatformen).
# e.g. https://prod.serviceplatformen.dk/service/CPR/PersonBaseDataExtended/4
CPR_SERVICE_URL = env("CPR_SERVICE_URL", default="")
CPR_SERVICE_CLIENT_CERT = env("CPR_SERVICE_CLIENT_CERT", default="")
CPR_SERVICE_CLIENT_KEY = env("CPR_SERVICE_CLIENT_KEY", default="")
CPR_SERVICE_CA_BUNDLE = env("CPR_SERVICE_CA_BUNDLE", default="")
CPR_SERVICE_AGREEMENT_UUID = env("CPR_SERVICE_AGREEMENT_UUID", default="")
CPR_SERVICE_USER_SYSTEM_UUID = env("CPR_SERVICE_USER_SYSTEM_UUID", default="")
CPR_SERVICE_USER_UUID = env("CPR_SERVICE_USER_UUID", default="")  # the authority (municipality) calling
CPR_SERVICE_UUID = env("CPR_SERVICE_UUID", default="e6be2436-bf35-4df2-83fe-925142825dc2")  # PersonBaseDataExtended
CPR_SERVICE_TIMEOUT = env("CPR_SERVICE_TIMEOUT", default=3.0, cast=float)  # seconds per attempt (a login waits)
CPR_SERVICE_RETRIES = env("CPR_SERVICE_RETRIES", default=1, cast=int)  # further attempts after a transient failure
CPR_SERVICE_BREAKER_THRESHOLD = env("CPR_SERVICE_BREAKER_THRESHOLD", default=5, cast=int)  # failed lookups in a row
CPR_SERVICE_BREAKER_SECONDS = env("CPR_SERVICE_BREAKER_SECONDS", default=60, cast=int)  # then no calls this long

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
    "filters": {
        "redact_personal_data": {"()": "cms.logging.RedactPersonalDataFilter"},
        "database_outage": {"()": "cms.database_outage.OutageLogFilter"},
    },
    "formatters": {
        "json": {"()": "cms.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["database_outage", "redact_personal_data"],
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's access log has its own handler in Django's defaults: through ours, so that a search URL
        # (/soeg/?q=010190-1234) is logged redacted like every other line.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "wagtail": {"level": "WARNING"},
        # One INFO line per request would log every search, and a WARNING with a traceback per failed request would
        # flood the log during an outage: the portal logs one warning per outage itself (search.service, worker).
        "opensearch": {"level": "ERROR"},
        # Wagtail runs its background tasks (reference index, search index) through django-tasks, which logs two
        # INFO lines per task: thousands for one import. LOG_LEVEL=DEBUG brings them back.
        "django_tasks": {"level": "DEBUG" if LOG_LEVEL.upper() == "DEBUG" else "WARNING"},
        # pysaml2 puts whole SAML documents (names, CPR numbers) into its log messages; cms.sso logs reasons.
        "saml2": {"handlers": ["null"], "level": "CRITICAL", "propagate": False},
    },
}
