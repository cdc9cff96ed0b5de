"""Tests: fast hashing, in-memory media, the same database switch as always."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
ALLOWED_HOSTS = ["*"]
