"""Tests: fast hashing, in-memory media, the same database switch as always."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
ALLOWED_HOSTS = ["*"]

# Tests use the database engine unless a test asks for the real OpenSearch node (tests/search/conftest.py),
# and Wagtail's admin index stays in the database so that page saves in unrelated tests make no HTTP calls.
TEST_OPENSEARCH_URL = OPENSEARCH_URL  # noqa: F405
OPENSEARCH_URL = ""
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
# Tests contact no outside host: the scheduled link check is off unless a test turns it on against its own server.
LINK_CHECK_SCHEDULED = False

# The tests' webhook receivers, catalogue servers and link targets listen on 127.0.0.1 (cms/outbound.py).
OUTBOUND_ALLOW_LOOPBACK = True
